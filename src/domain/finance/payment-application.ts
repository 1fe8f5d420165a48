import { addDecimals, compareDecimals, subtractDecimals } from '../money/decimal.js';

/**
 * What a payment leaves unapplied after its applications, or the reason it cannot: the
 * amounts applied may not add up to more than the payment.
 */
export function unappliedAmount(
  payment: string,
  applied: readonly string[],
): { unapplied: string } | { reason: string } {
  const total = addDecimals(['0.00', ...applied]);
  if (compareDecimals(total, payment) > 0) {
    return {
      reason: `expected the applications to add up to at most the payment ${payment}, got ${total}`,
    };
  }
  return { unapplied: subtractDecimals(payment, total) };
}
