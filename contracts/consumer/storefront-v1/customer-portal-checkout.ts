import type { StorefrontV1Client } from '../../../generated/storefront-v1/client.js';
import type { components } from '../../../generated/storefront-v1/types.js';
import { outcomeOf } from '../../support/outcome.js';
import type { Outcome } from '../../support/outcome.js';

/** A checkout the portal completed: the buyer, what they bought and the payment-page token. */
export type Checkout = components['schemas']['PurchaseCreate'];

/**
 * Turns a completed checkout into a subscription; the answer is what the portal's confirmation
 * page shows: the subscription and billing account numbers.
 */
export async function completeCheckout(
  client: StorefrontV1Client,
  checkout: Checkout,
): Promise<Outcome<string>> {
  const answer = await client.POST('/purchases', { body: checkout });
  return outcomeOf(
    answer,
    (purchase) => `${purchase.subscriptionNumber} on account ${purchase.accountNumber}`,
  );
}
