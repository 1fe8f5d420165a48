import { describe, expect, it } from 'vitest';

import { keepLast, maskCard, maskEmail } from './masking.js';

describe('maskEmail', () => {
  it.each([
    { email: 'jana.becker@acme-robotics.example', want: 'j***@acme-robotics.example' },
    { email: 'jo@example.com', want: 'j***@example.com' },
    { email: 'x@example.com', want: '***@example.com' },
  ])('masks $email as $want', ({ email, want }) => {
    expect(maskEmail(email)).toBe(want);
  });

  it.each(['not-an-email', 'a@b', '@example.com'])('refuses %j', (email) => {
    expect(() => maskEmail(email)).toThrow(
      `expected an e-mail address such as 'jana@example.com', got ${JSON.stringify(email)}`,
    );
  });
});

describe('maskCard', () => {
  it.each([
    { number: '4111111111111111', want: '************1111' },
    { number: '4111 1111 1111 1234', want: '**** **** **** 1234' },
    { number: '3782-822463-10005', want: '****-******-*0005' },
    { number: '601100000000', want: '********0000' },
  ])('masks $number as $want', ({ number, want }) => {
    expect(maskCard(number)).toBe(want);
  });

  it.each(['4111', '4111 1111 1111 1111 1111', '4111-abcd-1111-1111', ' 4111111111111111'])(
    'refuses %j as not card-like',
    (number) => {
      expect(() => maskCard(number)).toThrow(
        `expected a card-like number of 12 to 19 digits, got ${JSON.stringify(number)}`,
      );
    },
  );
});

describe('keepLast', () => {
  it.each([
    { value: 'DE89370400440532013000', count: 4, mask: undefined, want: '******************3000' },
    { value: 'A00012345', count: 3, mask: '#', want: '######345' },
    { value: 'abc', count: 0, mask: undefined, want: '***' },
    { value: '1234', count: 4, mask: undefined, want: '****' },
    { value: '12', count: 4, mask: undefined, want: '**' },
    { value: '', count: 2, mask: undefined, want: '' },
  ])('keeps the last $count of $value: $want', ({ value, count, mask, want }) => {
    expect(keepLast(value, count, mask)).toBe(want);
  });

  it('refuses a negative count', () => {
    expect(() => keepLast('abc', -1)).toThrow(
      'expected a whole number of characters to keep of at least 0, got -1',
    );
  });
});
