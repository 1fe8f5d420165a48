import type { Store } from '../../store/index.js';
import type { SellablePlan } from './web-purchase-records.js';

/** Why a plan code cannot be sold, in words for the buyer's portal. */
export type PlanRefusal = { reason: string };

/**
 * The plan `planCode` as the storefront sells it in `currency`: active in the canonical
 * catalogue, with a list price in that currency and the billing system's rate plan and charge
 * among its external refs.
 */
export async function resolveSellablePlan(
  store: Store,
  planCode: string,
  currency: string,
): Promise<SellablePlan | PlanRefusal> {
  const plan = await store.records('canonical_plans').getByKey(planCode);
  if (plan === undefined || plan.status !== 'active') {
    return { reason: `Expected the code of an active plan in the catalogue, got '${planCode}'.` };
  }
  const prices = (plan.listPrices ?? []) as { amount: string; currency: string }[];
  const price = prices.find((candidate) => candidate.currency === currency);
  const refs = (plan.externalRefs ?? []) as { system: string; type: string; id: string }[];
  const ratePlan = refs.find((ref) => ref.system === 'billing' && ref.type === 'ProductRatePlan');
  const charge = refs.find(
    (ref) => ref.system === 'billing' && ref.type === 'ProductRatePlanCharge',
  );
  if (price === undefined || ratePlan === undefined || charge === undefined) {
    return {
      reason:
        `Plan '${planCode}' is not sold online: it needs a ${currency} list price and the ` +
        'billing rate plan and charge among its external refs.',
    };
  }
  return {
    planId: plan.id,
    planCode,
    productRatePlanId: ratePlan.id,
    productRatePlanChargeId: charge.id,
    price,
  };
}
