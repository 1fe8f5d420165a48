import { describe, expect, it } from 'vitest';

import { minorUnits, roundMoney } from './currencies.js';

describe('minorUnits', () => {
  it.each([
    { currency: 'EUR', want: 2 },
    { currency: 'USD', want: 2 },
    { currency: 'JPY', want: 0 },
    { currency: 'KRW', want: 0 },
    { currency: 'BHD', want: 3 },
    { currency: 'KWD', want: 3 },
    { currency: 'CLF', want: 4 },
  ])('gives $currency $want decimal places', ({ currency, want }) => {
    expect(minorUnits(currency)).toBe(want);
  });

  it.each(['XXX', 'eur', 'toString', ''])(
    'refuses %j as not an active ISO 4217 code',
    (currency) => {
      expect(() => minorUnits(currency)).toThrow(
        `expected an active ISO 4217 currency code such as 'EUR', got ${JSON.stringify(currency)}`,
      );
    },
  );
});

describe('roundMoney', () => {
  it.each([
    { amount: '1.005', currency: 'EUR', mode: 'half-up', want: '1.01' },
    { amount: '1.005', currency: 'EUR', mode: 'half-even', want: '1.00' },
    { amount: '-1.005', currency: 'EUR', mode: 'half-up', want: '-1.01' },
    { amount: '1234.5', currency: 'JPY', mode: 'half-even', want: '1234' },
    { amount: '1235.5', currency: 'JPY', mode: 'half-even', want: '1236' },
    { amount: '1234.5', currency: 'JPY', mode: 'half-up', want: '1235' },
    { amount: '-1234.5', currency: 'JPY', mode: 'half-up', want: '-1235' },
    { amount: '12.3455', currency: 'BHD', mode: 'half-even', want: '12.346' },
    { amount: '12.3445', currency: 'BHD', mode: 'half-even', want: '12.344' },
    { amount: '12.5', currency: 'BHD', mode: 'half-up', want: '12.500' },
    { amount: '99', currency: 'USD', mode: 'half-up', want: '99.00' },
  ] as const)('rounds $amount $currency $mode to $want', ({ amount, currency, mode, want }) => {
    expect(roundMoney(amount, currency, mode)).toBe(want);
  });
});
