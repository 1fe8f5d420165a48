import { COUNTRIES } from './countries-data.js';

type Country = (typeof COUNTRIES)[number];

const byAlpha2 = new Map(COUNTRIES.map((country) => [country[0], country]));
const byAlpha3 = new Map(COUNTRIES.map((country) => [country[1], country]));
const byName = new Map(COUNTRIES.map((country) => [normaliseName(country[2]), country]));

/** The alpha-3 code of an ISO 3166-1 alpha-2 code: `countryAlpha3('DE')` is `DEU`. */
export function countryAlpha3(alpha2: string): string {
  return findCountry(byAlpha2, alpha2, 'alpha-2', 'DE')[1];
}

/** The alpha-2 code of an ISO 3166-1 alpha-3 code: `countryAlpha2('DEU')` is `DE`. */
export function countryAlpha2(alpha3: string): string {
  return findCountry(byAlpha3, alpha3, 'alpha-3', 'DEU')[0];
}

/** The English name of an alpha-2 or alpha-3 code: `countryName('DE')` is `Germany`. */
export function countryName(code: string): string {
  const table = typeof code === 'string' && code.length === 3 ? byAlpha3 : byAlpha2;
  return findCountry(table, code, 'alpha-2 or alpha-3', 'DE')[2];
}

/** The alpha-2 code of an English country name, ignoring case: `countryCode('germany')` is `DE`. */
export function countryCode(name: string): string {
  const country = typeof name === 'string' ? byName.get(normaliseName(name)) : undefined;
  if (country) return country[0];
  throw new Error(
    `expected an English country name such as 'Germany', got ${JSON.stringify(name)}`,
  );
}

function findCountry(
  table: ReadonlyMap<string, Country>,
  code: string,
  kind: string,
  example: string,
): Country {
  const country = typeof code === 'string' ? table.get(code.toUpperCase()) : undefined;
  if (country) return country;
  throw new Error(
    `expected an ISO 3166-1 ${kind} country code such as '${example}', got ${JSON.stringify(code)}`,
  );
}

function normaliseName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/['’]/g, "'").trim();
}
