import { DecimalError, roundDecimal, type RoundingMode } from './decimal.js';

/** Active ISO 4217 currencies whose minor unit is not 2 decimal places, by code. */
const NON_CENT_MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

/** Every other active ISO 4217 currency: their minor unit is 2 decimal places. */
const CENT_CURRENCIES = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP ' +
    'BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR ' +
    'FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW ' +
    'KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN ' +
    'NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD ' +
    'SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU ' +
    'UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL'
  ).split(' '),
);

/** The number of decimal places of a currency's minor unit (ISO 4217): JPY 0, EUR 2, BHD 3. */
export function minorUnits(currency: string): number {
  if (Object.hasOwn(NON_CENT_MINOR_UNITS, currency)) return NON_CENT_MINOR_UNITS[currency]!;
  if (CENT_CURRENCIES.has(currency)) return 2;
  throw new DecimalError(
    `expected an active ISO 4217 currency code such as 'EUR', got ${JSON.stringify(currency)}`,
  );
}

/** Rounds an amount to its currency's minor unit: `roundMoney('1.005', 'EUR', 'half-up')` is `1.01`. */
export function roundMoney(amount: string, currency: string, mode: RoundingMode): string {
  return roundDecimal(amount, minorUnits(currency), mode);
}
