import { describe, expect, it } from 'vitest';

import {
  addDecimals,
  compareDecimals,
  divideDecimal,
  divideExactly,
  isDecimal,
  multiplyDecimals,
  roundDecimal,
  subtractDecimals,
} from './decimal.js';

describe('addDecimals', () => {
  it.each([
    { given: ['1.10', '2.205'], want: '3.305' },
    { given: ['-5.00', '2.5'], want: '-2.50' },
    { given: ['0.1', '0.2'], want: '0.3' },
    { given: ['-0.01', '0.01'], want: '0.00' },
    { given: ['999999999999999.9999', '0.0001'], want: '1000000000000000.0000' },
    { given: ['12'], want: '12' },
    { given: [], want: '0' },
  ])('adds $given exactly to $want', ({ given, want }) => {
    expect(addDecimals(given)).toBe(want);
  });

  it.each([
    {
      given: '1e3',
      message: `expected a decimal string such as '-12.50', got "1e3"; send amounts as strings, never as numbers`,
    },
    {
      given: '1.',
      message: `expected a decimal string such as '-12.50', got "1."; send amounts as strings, never as numbers`,
    },
    {
      given: '',
      message: `expected a decimal string such as '-12.50', got ""; send amounts as strings, never as numbers`,
    },
  ])('refuses $given with a message that quotes it', ({ given, message }) => {
    expect(() => addDecimals(['1', given])).toThrow(message);
  });
});

describe('subtractDecimals, multiplyDecimals and compareDecimals', () => {
  it.each([
    { a: '10.00', b: '0.01', want: '9.99' },
    { a: '0.00', b: '12.345', want: '-12.345' },
    { a: '-1', b: '-1.5', want: '0.5' },
  ])('$a - $b is $want', ({ a, b, want }) => {
    expect(subtractDecimals(a, b)).toBe(want);
  });

  it.each([
    { a: '1100.00', b: '25', want: '27500.00' },
    { a: '19.99', b: '0.19', want: '3.7981' },
    { a: '-2.5', b: '4', want: '-10.0' },
    { a: '0.001', b: '-0.001', want: '-0.000001' },
  ])('$a × $b is $want', ({ a, b, want }) => {
    expect(multiplyDecimals(a, b)).toBe(want);
  });

  it.each([
    { a: '1.50', b: '1.5', want: 0 },
    { a: '-0.01', b: '0', want: -1 },
    { a: '10', b: '9.9999', want: 1 },
  ])('compares $a with $b as $want', ({ a, b, want }) => {
    expect(compareDecimals(a, b)).toBe(want);
  });

  it('tells decimal strings from everything else', () => {
    expect([isDecimal('-0.5'), isDecimal('12'), isDecimal(12), isDecimal('1,5')]).toStrictEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('roundDecimal', () => {
  it.each([
    { value: '2.345', digits: 2, mode: 'half-even', want: '2.34' },
    { value: '2.355', digits: 2, mode: 'half-even', want: '2.36' },
    { value: '2.345', digits: 2, mode: 'half-up', want: '2.35' },
    { value: '-2.345', digits: 2, mode: 'half-up', want: '-2.35' },
    { value: '-2.345', digits: 2, mode: 'half-even', want: '-2.34' },
    { value: '2.3449', digits: 2, mode: 'half-up', want: '2.34' },
    { value: '0.5', digits: 0, mode: 'half-even', want: '0' },
    { value: '1.5', digits: 0, mode: 'half-even', want: '2' },
    { value: '-0.5', digits: 0, mode: 'half-up', want: '-1' },
    { value: '-0.004', digits: 2, mode: 'half-up', want: '0.00' },
    { value: '7', digits: 3, mode: 'half-even', want: '7.000' },
    { value: '9.995', digits: 2, mode: 'half-up', want: '10.00' },
  ] as const)('rounds $value to $digits digits $mode as $want', ({ value, digits, mode, want }) => {
    expect(roundDecimal(value, digits, mode)).toBe(want);
  });

  it('refuses a negative number of digits', () => {
    expect(() => roundDecimal('1.5', -1, 'half-up')).toThrow(
      'expected a whole number of digits of at least 0, got -1',
    );
  });
});

describe('divideDecimal', () => {
  it.each([
    { value: '27500.00', divisor: 25, digits: 2, mode: 'half-even', want: '1100.00' },
    { value: '100.00', divisor: 3, digits: 2, mode: 'half-even', want: '33.33' },
    { value: '200.00', divisor: 3, digits: 2, mode: 'half-up', want: '66.67' },
    { value: '0.05', divisor: 2, digits: 2, mode: 'half-even', want: '0.02' },
    { value: '0.05', divisor: 2, digits: 2, mode: 'half-up', want: '0.03' },
    { value: '-0.05', divisor: 2, digits: 2, mode: 'half-up', want: '-0.03' },
    { value: '1000', divisor: 7, digits: 0, mode: 'half-even', want: '143' },
    { value: '10.000', divisor: -4, digits: 3, mode: 'half-even', want: '-2.500' },
  ] as const)(
    'divides $value by $divisor to $digits digits $mode as $want',
    ({ value, divisor, digits, mode, want }) => {
      expect(divideDecimal(value, divisor, digits, mode)).toBe(want);
    },
  );

  it('refuses to divide by zero', () => {
    expect(() => divideDecimal('1.00', 0, 2, 'half-even')).toThrow(
      'expected a whole divisor other than 0, got 0',
    );
  });
});

describe('divideExactly', () => {
  it.each([
    { value: '27500.00', divisor: 25, want: '1100.00' },
    { value: '10', divisor: 4, want: '2.5' },
    { value: '10.00', divisor: 16, want: '0.625' },
    { value: '10', divisor: 3, want: undefined },
  ])('divides $value by $divisor exactly as $want', ({ value, divisor, want }) => {
    expect(divideExactly(value, divisor, 4)).toBe(want);
  });
});
