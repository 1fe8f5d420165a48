import type { components as BillingSystem } from '../../../generated/billing-system-v1/types.js';
import type { components as Canonical } from '../../../generated/canonical-v1/types.js';

/** A subscription version as the billing system answers `GET /v1/subscriptions/{key}`. */
export type BillingSubscription = BillingSystem['schemas']['Subscription'];

/** A canonical v1 subscription, as stored and as its events carry it. */
export type CanonicalSubscription = Canonical['schemas']['Subscription'];

type ExternalRef = Canonical['schemas']['Subscription']['externalRefs'][number];

/** What the mapping needs beside the vendor record: the canonical ids it resolves to. */
export interface SubscriptionContext {
  /** The canonical id: the existing record's, or a new one. */
  id: string;
  /** The canonical billing account whose `accountNumber` is the vendor's `accountNumber`. */
  billingAccountId: string;
  /** Canonical plan ids by the vendor's `productRatePlanId`. */
  planIds: Readonly<Record<string, string>>;
  /** The billing account's currency, for a subscription that names none. */
  currency: string;
  /** The existing record's references to other systems, kept as they are. */
  externalRefs: readonly ExternalRef[];
  createdAt: string;
  updatedAt: string;
}

/** A mapping that worked, or the vendor field it could not map and why. */
export type MappingResult<T> =
  { ok: true; value: T } | { ok: false; pointer: string; message: string };

const STATUSES: Record<BillingSubscription['status'], CanonicalSubscription['status']> = {
  Draft: 'draft',
  Active: 'active',
  Suspended: 'suspended',
  Cancelled: 'cancelled',
  Expired: 'expired',
};

const TERM_TYPES: Record<BillingSubscription['termType'], CanonicalSubscription['termType']> = {
  TERMED: 'termed',
  EVERGREEN: 'evergreen',
};

/**
 * Maps a billing-system subscription to the canonical one. The canonical number drops the
 * vendor's `A-` prefix (`A-S00000001` -> `S-00000001`); the canonical `termEnd` is the last day
 * of the term, one day before the vendor's exclusive `termEndDate`; each rate plan the latest
 * version has not removed becomes one line, priced from its first recurring charge.
 */
export function mapBillingSubscription(
  vendor: BillingSubscription,
  context: SubscriptionContext,
): MappingResult<CanonicalSubscription> {
  const subscriptionNumber = canonicalSubscriptionNumber(vendor.subscriptionNumber);
  if (subscriptionNumber === undefined) {
    return failure(
      '/subscriptionNumber',
      `expected 'A-S' and 8 digits, got '${vendor.subscriptionNumber}'`,
    );
  }
  const lines = mapLines(vendor, context);
  if (!lines.ok) return lines;
  const termEnd = vendor.termEndDate ? dayBefore(vendor.termEndDate) : undefined;
  return {
    ok: true,
    value: {
      id: context.id,
      subscriptionNumber,
      billingAccountId: context.billingAccountId,
      status: STATUSES[vendor.status],
      termType: TERM_TYPES[vendor.termType],
      termStart: vendor.termStartDate,
      ...(termEnd === undefined || vendor.termType === 'EVERGREEN' ? {} : { termEnd }),
      autoRenew: vendor.autoRenew,
      lines: lines.value,
      version: vendor.version,
      externalRefs: withBillingRef(context.externalRefs, vendor),
      createdAt: context.createdAt,
      updatedAt: context.updatedAt,
    },
  };
}

/** `A-S00000001` -> `S-00000001`; undefined for a number of another shape. */
export function canonicalSubscriptionNumber(vendorNumber: string): string | undefined {
  const match = /^A-S([0-9]{8})$/.exec(vendorNumber);
  return match ? `S-${match[1]}` : undefined;
}

/**
 * A vendor amount as a canonical decimal string with 2 to 4 fractional digits: 348 -> '348.00',
 * 2291.66667 -> '2291.6667'.
 */
export function formatAmount(amount: number): string {
  const fixed = amount.toFixed(4);
  return fixed.replace(/(\.[0-9]{2}[0-9]*?)0+$/, '$1');
}

function mapLines(
  vendor: BillingSubscription,
  context: SubscriptionContext,
): MappingResult<CanonicalSubscription['lines']> {
  const currency = vendor.currency ?? context.currency;
  const lines: CanonicalSubscription['lines'] = [];
  for (const [index, ratePlan] of vendor.ratePlans.entries()) {
    if (ratePlan.lastChangeType === 'Remove') continue;
    const pointer = `/ratePlans/${index}`;
    const planId = context.planIds[ratePlan.productRatePlanId];
    if (planId === undefined) {
      return failure(
        `${pointer}/productRatePlanId`,
        `no canonical plan refers to '${ratePlan.productRatePlanId}'`,
      );
    }
    const charge = ratePlan.ratePlanCharges.find((candidate) => candidate.type === 'Recurring');
    if (!charge || !charge.quantity || charge.price === null || charge.price === undefined) {
      return failure(
        `${pointer}/ratePlanCharges`,
        'expected a recurring charge with a quantity and a price',
      );
    }
    const mrr = ratePlan.ratePlanCharges.reduce((sum, item) => sum + (item.mrr ?? 0), 0);
    lines.push({
      planId,
      quantity: Math.round(charge.quantity),
      price: { amount: formatAmount(charge.price), currency },
      mrr: { amount: formatAmount(mrr), currency },
    });
  }
  if (lines.length === 0) return failure('/ratePlans', 'expected at least one rate plan');
  return { ok: true, value: lines };
}

function withBillingRef(refs: readonly ExternalRef[], vendor: BillingSubscription): ExternalRef[] {
  const others = refs.filter((ref) => !(ref.system === 'billing' && ref.type === 'Subscription'));
  const billing: ExternalRef = {
    system: 'billing',
    type: 'Subscription',
    id: vendor.id,
    number: vendor.subscriptionNumber,
  };
  return [billing, ...others];
}

function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

function failure(
  pointer: string,
  message: string,
): { ok: false; pointer: string; message: string } {
  return { ok: false, pointer, message };
}
