import type { Schemas } from '../../apis/canonical/v1/schemas.js';
import { canonicalSubscriptionNumber as canonicalNumberOf } from '../../domain/systems/billing-system.js';
import { newId } from '../../apis/resource.js';
import type { StoredRecord } from '../../store/index.js';

/** A plan the storefront can sell, resolved from the canonical catalogue before the flow runs. */
export interface SellablePlan {
  planId: string;
  planCode: string;
  /** The billing system's product rate plan and its per-unit charge. */
  productRatePlanId: string;
  productRatePlanChargeId: string;
  /** The list price of one unit in the purchase currency. */
  price: { amount: string; currency: string };
}

/** What the billing system answered for the new account. */
export interface BillingAccountCreated {
  accountId: string;
  accountNumber: string;
}

/** What the billing system answered for the new subscription, read back after the order. */
export interface BillingSubscriptionCreated {
  orderNumber: string;
  subscriptionId: string;
  subscriptionNumber: string;
  version: number;
  termStartDate: string;
  termEndDate: string | null;
}

/** The canonical subscription number of a billing one: `A-S00012345` -> `S-00012345`. */
export function canonicalSubscriptionNumber(billingNumber: string): string {
  const number = canonicalNumberOf(billingNumber);
  if (number === undefined) {
    throw new Error(
      `expected a billing subscription number like A-S00012345, got '${billingNumber}'`,
    );
  }
  return number;
}

/** A new canonical organization found by its web domain. */
export function organizationRecord(name: string, domain: string): StoredRecord {
  const now = new Date().toISOString();
  return {
    id: newId(),
    legalName: name,
    domain,
    status: 'customer',
    type: 'standard',
    addresses: [],
    externalRefs: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** The canonical billing account of a self-service purchase (always Junction Inc, USD). */
export function billingAccountRecord(
  organizationId: string,
  name: string,
  account: BillingAccountCreated,
): StoredRecord {
  const now = new Date().toISOString();
  const record: Schemas['BillingAccount'] = {
    id: newId(),
    organizationId,
    accountNumber: account.accountNumber,
    name,
    currency: 'USD',
    billCycleDay: 1,
    paymentTerms: 'net-0',
    autoPay: true,
    billingEntity: 'us-inc',
    channel: 'self-serve',
    taxExempt: false,
    status: 'active',
    externalRefs: [
      { system: 'billing', type: 'Account', id: account.accountId, number: account.accountNumber },
    ],
    createdAt: now,
    updatedAt: now,
  };
  return record;
}

/** The canonical subscription of one plan line, with the SaaS namespace when there is one. */
export function subscriptionRecord(
  billingAccountId: string,
  line: { plan: SellablePlan; quantity: number; namespaceId?: string | undefined },
  subscription: BillingSubscriptionCreated,
): StoredRecord {
  const now = new Date().toISOString();
  const number = canonicalSubscriptionNumber(subscription.subscriptionNumber);
  const record: Schemas['Subscription'] = {
    id: newId(),
    subscriptionNumber: number,
    billingAccountId,
    status: 'active',
    termType: 'termed',
    termStart: subscription.termStartDate,
    ...(subscription.termEndDate === null ? {} : { termEnd: subscription.termEndDate }),
    autoRenew: true,
    lines: [{ planId: line.plan.planId, quantity: line.quantity, price: line.plan.price }],
    ...(line.namespaceId === undefined ? {} : { namespaceRef: line.namespaceId }),
    version: subscription.version,
    externalRefs: [
      {
        system: 'billing',
        type: 'Subscription',
        id: subscription.subscriptionId,
        number: subscription.subscriptionNumber,
      },
    ],
    createdAt: now,
    updatedAt: now,
  };
  return record;
}
