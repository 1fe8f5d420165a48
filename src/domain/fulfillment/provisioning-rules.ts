/** The status of a subscription in billing or in the canonical model, as far as it is known. */
export type KnownSubscriptionStatus =
  { source: 'billing' | 'canonical'; status: string } | undefined;

const ACTIVE = new Set(['Active', 'active']);

/**
 * Why a license or namespace plan may not be issued for a subscription, or undefined when it
 * may: the subscription must be known and active.
 */
export function findProvisioningBlock(
  subscriptionNumber: string,
  known: KnownSubscriptionStatus,
): string | undefined {
  if (known === undefined) {
    return `expected subscription ${subscriptionNumber} to exist in billing, but it does not; create and activate it first`;
  }
  if (ACTIVE.has(known.status)) return undefined;
  return `expected subscription ${subscriptionNumber} to be active in ${known.source}, but it is ${known.status}`;
}
