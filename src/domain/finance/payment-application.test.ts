import { describe, expect, it } from 'vitest';

import { unappliedAmount } from './payment-application.js';

describe('unappliedAmount', () => {
  it.each([
    { payment: '1000.00', applied: ['600.25'], want: { unapplied: '399.75' } },
    { payment: '1000.00', applied: ['600.25', '399.75'], want: { unapplied: '0.00' } },
    { payment: '1000.00', applied: [], want: { unapplied: '1000.00' } },
    {
      payment: '1000.00',
      applied: ['999.99', '0.02'],
      want: {
        reason: 'expected the applications to add up to at most the payment 1000.00, got 1000.01',
      },
    },
  ])('leaves $want of $payment after $applied', ({ payment, applied, want }) => {
    expect(unappliedAmount(payment, applied)).toStrictEqual(want);
  });
});
