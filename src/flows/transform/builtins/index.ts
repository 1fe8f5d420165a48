import type jsonata from 'jsonata';

import {
  addDecimals,
  compareDecimals,
  divideDecimal,
  multiplyDecimals,
  roundDecimal,
  subtractDecimals,
  type RoundingMode,
} from '../../../domain/money/decimal.js';
import { minorUnits, roundMoney } from '../../../domain/money/currencies.js';
import { ReferenceTables } from '../reference-tables.js';
import { countryAlpha2, countryAlpha3, countryCode, countryName } from './countries.js';
import {
  addMonths,
  dateInZone,
  endOfMonth,
  formatInZone,
  postingPeriod,
  startOfMonth,
} from './dates.js';
import { keepLast, maskCard, maskEmail } from './masking.js';

/** One function every mapping can call: `$name(...)`, checked against its JSONata signature. */
export interface Builtin {
  name: string;
  /** How to call it, for messages and documentation: `$roundMoney(amount, currency, mode?)`. */
  usage: string;
  /** JSONata function signature: `<ss?:s>` takes a string and an optional string. */
  signature: string;
  // JSONata checks every argument against the signature before it calls the implementation.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  implementation: (this: jsonata.Focus, ...args: any[]) => unknown;
}

/**
 * The binding under which an evaluation passes its reference tables to `$lookupTable`; one
 * compiled expression serves every call, so the tables travel with the call, not the mapping.
 */
export const TABLES_BINDING = '__referenceTables';

const DEFAULT_ROUNDING: RoundingMode = 'half-even';

/** The built-in library, registered on every mapping when it is compiled; decimals are strings. */
export const BUILTINS: readonly Builtin[] = [
  {
    name: 'formatInZone',
    usage: '$formatInZone(instant, zone)',
    signature: '<ss:s>',
    implementation: formatInZone,
  },
  {
    name: 'dateInZone',
    usage: '$dateInZone(instant, zone)',
    signature: '<ss:s>',
    implementation: dateInZone,
  },
  {
    name: 'startOfMonth',
    usage: '$startOfMonth(instant, zone)',
    signature: '<ss:s>',
    implementation: startOfMonth,
  },
  {
    name: 'endOfMonth',
    usage: '$endOfMonth(instant, zone)',
    signature: '<ss:s>',
    implementation: endOfMonth,
  },
  {
    name: 'postingPeriod',
    usage: '$postingPeriod(instant, zone)',
    signature: '<ss:s>',
    implementation: postingPeriod,
  },
  {
    name: 'addMonths',
    usage: '$addMonths(dateOrInstant, months)',
    signature: '<sn:s>',
    implementation: addMonths,
  },
  {
    name: 'addDecimals',
    usage: '$addDecimals([decimal, ...])',
    signature: '<a<s>:s>',
    implementation: addDecimals,
  },
  {
    name: 'subtractDecimals',
    usage: '$subtractDecimals(a, b)',
    signature: '<ss:s>',
    implementation: subtractDecimals,
  },
  {
    name: 'multiplyDecimals',
    usage: '$multiplyDecimals(a, b)',
    signature: '<ss:s>',
    implementation: multiplyDecimals,
  },
  {
    name: 'compareDecimals',
    usage: '$compareDecimals(a, b)',
    signature: '<ss:n>',
    implementation: compareDecimals,
  },
  {
    name: 'roundDecimal',
    usage: '$roundDecimal(decimal, digits, mode?)',
    signature: '<sns?:s>',
    implementation: (value: string, digits: number, mode?: string) =>
      roundDecimal(value, digits, roundingMode(mode)),
  },
  {
    name: 'divideDecimal',
    usage: '$divideDecimal(decimal, divisor, digits, mode?)',
    signature: '<snns?:s>',
    implementation: (value: string, divisor: number, digits: number, mode?: string) =>
      divideDecimal(value, divisor, digits, roundingMode(mode)),
  },
  {
    name: 'minorUnits',
    usage: '$minorUnits(currency)',
    signature: '<s:n>',
    implementation: minorUnits,
  },
  {
    name: 'roundMoney',
    usage: '$roundMoney(amount, currency, mode?)',
    signature: '<sss?:s>',
    implementation: (amount: string, currency: string, mode?: string) =>
      roundMoney(amount, currency, roundingMode(mode)),
  },
  {
    name: 'money',
    usage: '$money(amount, currency, mode?)',
    signature: '<sss?:o>',
    implementation: (amount: string, currency: string, mode?: string) => ({
      amount: roundMoney(amount, currency, roundingMode(mode)),
      currency,
    }),
  },
  {
    name: 'countryAlpha3',
    usage: '$countryAlpha3(alpha2)',
    signature: '<s:s>',
    implementation: countryAlpha3,
  },
  {
    name: 'countryAlpha2',
    usage: '$countryAlpha2(alpha3)',
    signature: '<s:s>',
    implementation: countryAlpha2,
  },
  {
    name: 'countryName',
    usage: '$countryName(alpha2OrAlpha3)',
    signature: '<s:s>',
    implementation: countryName,
  },
  {
    name: 'countryCode',
    usage: '$countryCode(englishName)',
    signature: '<s:s>',
    implementation: countryCode,
  },
  {
    name: 'lookupTable',
    usage: '$lookupTable(table, key, default?)',
    signature: '<ssj?:j>',
    implementation: function (
      this: jsonata.Focus,
      table: string,
      key: string,
      ...fallback: [unknown?]
    ) {
      return tablesOf(this).lookup(table, key, ...fallback);
    },
  },
  { name: 'maskEmail', usage: '$maskEmail(email)', signature: '<s:s>', implementation: maskEmail },
  {
    name: 'maskCard',
    usage: '$maskCard(cardNumber)',
    signature: '<s:s>',
    implementation: maskCard,
  },
  {
    name: 'keepLast',
    usage: '$keepLast(value, count, mask?)',
    signature: '<sns?:s>',
    implementation: keepLast,
  },
];

function tablesOf(focus: jsonata.Focus): ReferenceTables {
  const tables: unknown = focus.environment.lookup(TABLES_BINDING);
  if (tables instanceof ReferenceTables) return tables;
  throw new Error('expected reference tables for $lookupTable, but the evaluation passed none');
}

function roundingMode(mode: string | undefined): RoundingMode {
  if (mode === undefined) return DEFAULT_ROUNDING;
  if (mode === 'half-even' || mode === 'half-up') return mode;
  throw new Error(
    `expected a rounding mode of 'half-even' or 'half-up', got ${JSON.stringify(mode)}`,
  );
}
