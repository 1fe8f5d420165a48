import { randomUUID } from 'node:crypto';

import type { CloudEvent } from '../../events/envelope.js';
import { readPendingEvents } from '../../events/outbox.js';
import type { Store } from '../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../store/test-databases.js';
import type { BillingJournalEntry } from './journal-billing.js';
import { resolveSellablePlan } from './sellable-plans.js';
import type { ReferenceSystems } from './systems.js';
import { runWebPurchase, type WebPurchase } from './web-purchase.js';

/** The billing fake's catalogue (its spec's example): Premium, one year, per seat. */
export const PREMIUM_RATE_PLAN = {
  productRatePlanId: '8ad0823f8c7a4f2f018c7b8e4d5e6f70',
  productRatePlanChargeId: '8ad0823f8c7a4f2f018c7b8e4d5e6f71',
};

/**
 * Stores the canonical product and plans the storefront sells: `premium-annual`, joined to the
 * billing catalogue, and `retired-annual`, whose rate plan the billing system does not know.
 * Returns the plan ids by code.
 */
export async function seedCatalogue(store: Store): Promise<Record<string, string>> {
  const now = new Date().toISOString();
  const productId = randomUUID();
  await store.records('canonical_products').insert({
    id: productId,
    sku: 'SKU-00000002',
    name: 'Premium',
    family: 'base',
    status: 'active',
    externalRefs: [{ system: 'billing', type: 'Product', id: '8ad0823f8c7a4f2f018c7b8e4d5e6f60' }],
    createdAt: now,
    updatedAt: now,
  });
  const ids: Record<string, string> = {};
  for (const [planCode, ratePlanId] of [
    ['premium-annual', PREMIUM_RATE_PLAN.productRatePlanId],
    ['retired-annual', 'ffffffffffffffffffffffffffffffff'],
  ] as const) {
    const id = randomUUID();
    ids[planCode] = id;
    await store.records('canonical_plans').insert({
      id,
      productId,
      planCode,
      name: `Premium, annual, per seat (${planCode})`,
      chargeModel: 'per-unit',
      chargeType: 'recurring',
      billingPeriod: 'annual',
      listPrices: [{ amount: '348.00', currency: 'USD' }],
      status: 'active',
      externalRefs: [
        { system: 'billing', type: 'ProductRatePlan', id: ratePlanId },
        {
          system: 'billing',
          type: 'ProductRatePlanCharge',
          id: PREMIUM_RATE_PLAN.productRatePlanChargeId,
        },
      ],
      createdAt: now,
      updatedAt: now,
    });
  }
  return ids;
}

/** A storefront checkout body for `checkoutId`. */
export function checkoutBody(checkoutId: string, overrides: Record<string, unknown> = {}) {
  return {
    checkoutId,
    buyer: {
      firstName: 'Jana',
      lastName: 'Becker',
      email: 'jana.becker@acme-robotics.example',
      country: 'DE',
    },
    organization: { name: 'Acme Robotics GmbH', domain: 'acme-robotics.example' },
    planCode: 'premium-annual',
    quantity: 25,
    deployment: 'saas',
    namespaceId: '81234567',
    paymentMethodToken: '8ad08e0184a4a4c30184b2d2c9d04711',
    ...overrides,
  };
}

/** The outbox events of one correlation id, in append order. */
export async function eventsOf(store: Store, correlationId: string): Promise<CloudEvent[]> {
  const pending = await readPendingEvents(store, 1000);
  return pending.map(({ event }) => event).filter((event) => event.correlationid === correlationId);
}

/** The one outbox event of `type` under `correlationId`; throws when there is not exactly one. */
export async function theEvent(
  store: Store,
  correlationId: string,
  type: string,
): Promise<CloudEvent> {
  const found = (await eventsOf(store, correlationId)).filter((event) => event.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type}, got ${found.length}`);
  return found[0]!;
}

/** A throwaway database of `dialect`. */
export function createTestDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  return dialect === 'sqlite'
    ? createSqliteTestDatabase()
    : createPostgresTestDatabase(process.env.DATABASE_URL ?? '');
}

/** The web purchase (F1) of the checkout `checkoutBody` makes, its plan resolved in USD. */
export async function purchaseOf(
  store: Store,
  checkoutId: string,
  overrides: Record<string, unknown> = {},
): Promise<WebPurchase> {
  const body = checkoutBody(checkoutId, overrides);
  const plan = await resolveSellablePlan(store, body.planCode, 'USD');
  if ('reason' in plan) throw new Error(plan.reason);
  return {
    checkoutId,
    buyer: body.buyer,
    organization: body.organization,
    plan,
    quantity: body.quantity,
    deployment: body.deployment === 'saas' ? 'saas' : 'self-managed',
    namespaceId: body.namespaceId,
    paymentMethodId: body.paymentMethodToken,
  };
}

/**
 * Runs a web purchase (F1) for `checkoutId` against the billing system at `billingUrl`, so a
 * test of a later flow starts from a real subscription and its events.
 */
export async function purchase(
  store: Store,
  systems: ReferenceSystems,
  checkoutId: string,
  correlationId: string,
  overrides: Record<string, unknown> = {},
) {
  const outcome = await runWebPurchase(
    { store, systems },
    await purchaseOf(store, checkoutId, overrides),
    correlationId,
  );
  if (outcome.kind !== 'completed') throw new Error(JSON.stringify(outcome));
  return outcome.answer;
}

/**
 * A live USD journal entry of November 2026 with `lines` of [GL account, side, amount]; account
 * 1200 is receivables, any other deferred revenue.
 */
export function journalEntry(
  number: string,
  lines: [string, 'Debit' | 'Credit', number][],
): BillingJournalEntry {
  return {
    id: `8ad0${number.replace(/\D/g, '').padStart(28, '0')}`,
    number,
    status: 'Created',
    journalEntryDate: '2026-11-30',
    currency: 'USD',
    homeCurrency: 'USD',
    transactionType: 'Invoice Item',
    accountingPeriodName: 'Nov 2026',
    timePeriodStart: '2026-11-01',
    timePeriodEnd: '2026-11-30',
    transferredToAccounting: 'No',
    journalEntryItems: lines.map(([glAccountNumber, type, amount]) => ({
      accountingCodeType: glAccountNumber === '1200' ? 'AccountsReceivable' : 'DeferredRevenue',
      glAccountName: `GL ${glAccountNumber}`,
      glAccountNumber,
      type,
      amount,
      homeCurrencyAmount: amount,
    })),
  };
}
