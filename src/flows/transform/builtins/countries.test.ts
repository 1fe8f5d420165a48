import { describe, expect, it } from 'vitest';

import { countryAlpha2, countryAlpha3, countryCode, countryName } from './countries.js';
import { COUNTRIES } from './countries-data.js';

describe('country codes', () => {
  it.each([
    { alpha2: 'DE', alpha3: 'DEU', name: 'Germany' },
    { alpha2: 'US', alpha3: 'USA', name: 'United States' },
    { alpha2: 'GB', alpha3: 'GBR', name: 'United Kingdom' },
    { alpha2: 'CI', alpha3: 'CIV', name: 'Côte d’Ivoire' },
    { alpha2: 'AX', alpha3: 'ALA', name: 'Åland Islands' },
  ])('maps $alpha2, $alpha3 and $name to each other', ({ alpha2, alpha3, name }) => {
    expect([
      countryAlpha3(alpha2),
      countryAlpha2(alpha3),
      countryName(alpha2),
      countryName(alpha3),
      countryCode(name),
    ]).toStrictEqual([alpha3, alpha2, name, name, alpha2]);
  });

  it('reads codes in any case and names regardless of case and apostrophe', () => {
    expect([countryAlpha3('de'), countryAlpha2('deu'), countryCode("côte d'ivoire")]).toStrictEqual(
      ['DEU', 'DE', 'CI'],
    );
  });

  it('holds all 249 ISO 3166-1 countries with unique codes', () => {
    expect([
      COUNTRIES.length,
      new Set(COUNTRIES.map((country) => country[0])).size,
      new Set(COUNTRIES.map((country) => country[1])).size,
    ]).toStrictEqual([249, 249, 249]);
  });

  it.each([
    {
      call: () => countryAlpha3('XK'),
      message: `expected an ISO 3166-1 alpha-2 country code such as 'DE', got "XK"`,
    },
    {
      call: () => countryAlpha2('XKX'),
      message: `expected an ISO 3166-1 alpha-3 country code such as 'DEU', got "XKX"`,
    },
    {
      call: () => countryName('ZZ'),
      message: `expected an ISO 3166-1 alpha-2 or alpha-3 country code such as 'DE', got "ZZ"`,
    },
    {
      call: () => countryCode('Atlantis'),
      message: `expected an English country name such as 'Germany', got "Atlantis"`,
    },
  ])('refuses an unknown country: $message', ({ call, message }) => {
    expect(call).toThrow(message);
  });
});
