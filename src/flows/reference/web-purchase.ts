import { randomUUID } from 'node:crypto';

import { buildCanonicalEvent } from '../../apis/canonical/events/canonical-event.js';
import type { Logger } from '../../observability/logger.js';
import type { Store, StoredRecord } from '../../store/index.js';
import { runSaga, type SagaStep, type SagaStepContext } from '../saga.js';
import { createCanonicalWrites, type CanonicalWrites } from './canonical-writes.js';
import { claimFlowKey, finishFlowKey, type FlowKey } from './flow-keys.js';
import { cancelOrder, createOrder } from './web-purchase-orders.js';
import { callSystem, SystemCallError, type ReferenceSystems } from './systems.js';
import {
  billingAccountRecord,
  organizationRecord,
  subscriptionRecord,
  type BillingAccountCreated,
  type BillingSubscriptionCreated,
  type SellablePlan,
} from './web-purchase-records.js';

/** The flow's name in the flow-run log and in `flow_keys`. */
export const WEB_PURCHASE_FLOW = 'web-purchase';

const SOURCE = '/junction/flows/web-purchase';

/** A checkout the portal completed, with its plan already resolved from the catalogue. */
export interface WebPurchase {
  checkoutId: string;
  buyer: { firstName: string; lastName: string; email: string; country: string };
  organization: { name: string; domain: string };
  plan: SellablePlan;
  quantity: number;
  deployment: 'saas' | 'self-managed';
  namespaceId?: string | undefined;
  /** The billing system's id of the payment method its hosted payment page created. */
  paymentMethodId: string;
}

/** What a completed purchase answers, the same for every repeat of its checkout. */
export interface WebPurchaseAnswer {
  checkoutId: string;
  subscriptionNumber: string;
  billingAccountId: string;
  accountNumber: string;
  flowRunId: string;
  correlationId: string;
}

/** How one purchase ended. */
export type WebPurchaseOutcome =
  | { kind: 'completed'; answer: WebPurchaseAnswer; replayed: boolean }
  | { kind: 'in-progress'; runId: string }
  | {
      kind: 'failed';
      runId: string;
      status: 'compensated' | 'failed';
      step: string;
      reason: string;
    };

/** What the flow needs beside the purchase. */
export interface WebPurchaseDeps {
  store: Store;
  systems: ReferenceSystems;
  logger?: Logger;
}

/**
 * F1: turns a checkout into a billing account and subscription in the billing system and the
 * canonical store, as one saga under `correlationId`. The checkout id is the idempotency key: a
 * completed checkout answers again without calling anything; a failed one may run again.
 */
export async function runWebPurchase(
  deps: WebPurchaseDeps,
  purchase: WebPurchase,
  correlationId: string,
): Promise<WebPurchaseOutcome> {
  const runId = randomUUID();
  const held = await claimFlowKey(deps.store, WEB_PURCHASE_FLOW, purchase.checkoutId, runId);
  if (held !== undefined) return heldOutcome(held);

  const writes = createCanonicalWrites();
  const result = await runSaga(
    deps.store,
    { name: WEB_PURCHASE_FLOW, steps: webPurchaseSteps(deps, writes) },
    purchase,
    { correlationId, runId, outbox: writes.outbox, ...loggerOption(deps.logger) },
  );

  if (result.status === 'completed') {
    const answer = answerOf(purchase, result.results, runId, correlationId);
    await finishFlowKey(deps.store, WEB_PURCHASE_FLOW, purchase.checkoutId, {
      runId,
      status: 'completed',
      output: answer,
    });
    return { kind: 'completed', answer, replayed: false };
  }
  await finishFlowKey(deps.store, WEB_PURCHASE_FLOW, purchase.checkoutId, {
    runId,
    status: result.status,
  });
  const step = failedStep(result.results);
  const reason = result.error?.message ?? 'unknown failure';
  return { kind: 'failed', runId, status: result.status, step, reason };
}

function heldOutcome(held: FlowKey): WebPurchaseOutcome {
  if (held.status === 'completed') {
    return { kind: 'completed', answer: held.output as WebPurchaseAnswer, replayed: true };
  }
  return { kind: 'in-progress', runId: held.runId };
}

const STEP_ORDER = [
  'resolve-organization',
  'create-billing-account',
  'create-subscription',
  'store-canonical-records',
] as const;

function failedStep(results: Record<string, unknown>): string {
  return STEP_ORDER.find((step) => !(step in results)) ?? 'store-canonical-records';
}

type Context = SagaStepContext<WebPurchase>;

/** The steps of F1, writing canonical changes through `writes`; recovery compensates with them. */
export function webPurchaseSteps(
  deps: WebPurchaseDeps,
  writes: CanonicalWrites,
): SagaStep<WebPurchase>[] {
  const { billing } = deps.systems;
  return [
    {
      name: 'resolve-organization',
      system: 'junction',
      run: (context) => resolveOrganization(context, writes),
    },
    {
      name: 'create-billing-account',
      system: 'billing-system',
      run: (context) => createBillingAccount(deps.systems, context),
      compensate: (context) => releaseBillingAccount(deps, context.output as BillingAccountCreated),
    },
    {
      name: 'create-subscription',
      system: 'billing-system',
      run: (context) => createSubscription(deps.systems, context),
      compensate: async (context) => {
        const created = context.output as BillingSubscriptionCreated;
        await callSystem(
          'billing-system',
          'createOrder',
          billing.POST('/v1/orders', {
            params: { header: { 'Idempotency-Key': `${context.runId}:cancel-subscription` } },
            body: cancelOrder(accountOf(context).accountNumber, created.subscriptionNumber),
          }),
        );
      },
    },
    {
      name: 'store-canonical-records',
      system: 'junction',
      run: (context) => Promise.resolve(storeCanonicalRecords(context, writes)),
    },
  ];
}

async function resolveOrganization(context: Context, writes: CanonicalWrites) {
  const { name, domain } = context.input.organization;
  const page = await context.store
    .records('canonical_organizations')
    .list({ limit: 1, filters: { domain } });
  const found = page.items[0];
  if (found !== undefined) return { organizationId: found.id, created: false };

  const record = organizationRecord(name, domain);
  const event = buildCanonicalEvent(record, {
    event: 'organization.created',
    source: SOURCE,
    correlationId: context.correlationId,
  });
  writes.stage(context, event, (tx) => tx.records('canonical_organizations').insert(record));
  return { organizationId: record.id, created: true };
}

async function createBillingAccount(
  systems: ReferenceSystems,
  context: Context,
): Promise<BillingAccountCreated> {
  const { buyer, organization, checkoutId, paymentMethodId } = context.input;
  const contact = {
    firstName: buyer.firstName,
    lastName: buyer.lastName,
    workEmail: buyer.email,
    country: buyer.country,
  };
  const created = await callSystem(
    'billing-system',
    'createAccount',
    systems.billing.POST('/v1/accounts', {
      params: { header: { 'Idempotency-Key': `${context.runId}:create-account` } },
      body: {
        name: organization.name,
        currency: 'USD',
        billCycleDay: 1,
        paymentTerm: 'Due Upon Receipt',
        autoPay: true,
        invoiceDeliveryPrefsEmail: true,
        notes: `Web purchase, checkout ${checkoutId}.`,
        billToContact: contact,
        billingEntity__c: 'Junction Inc',
        salesChannel__c: 'Web Direct',
      },
    }),
  );
  await callSystem(
    'billing-system',
    'updateAccount',
    systems.billing.PUT('/v1/accounts/{accountKey}', {
      params: { path: { accountKey: created.accountNumber } },
      body: { defaultPaymentMethodId: paymentMethodId },
    }),
  );
  return { accountId: created.accountId, accountNumber: created.accountNumber };
}

/**
 * Deletes the billing account the run created. The subscription step's compensation has
 * cancelled any subscription first, so billing does not refuse it; an account already gone (a
 * compensation repeated after a crash) counts as deleted.
 */
async function releaseBillingAccount(
  deps: WebPurchaseDeps,
  account: BillingAccountCreated,
): Promise<void> {
  try {
    await callSystem(
      'billing-system',
      'deleteAccount',
      deps.systems.billing.DELETE('/v1/accounts/{accountKey}', {
        params: { path: { accountKey: account.accountNumber } },
      }),
    );
  } catch (err) {
    if (err instanceof SystemCallError && err.status === 404) return;
    throw err;
  }
}

async function createSubscription(
  systems: ReferenceSystems,
  context: Context,
): Promise<BillingSubscriptionCreated> {
  const { accountNumber } = accountOf(context);
  const order = await callSystem(
    'billing-system',
    'createOrder',
    systems.billing.POST('/v1/orders', {
      params: { header: { 'Idempotency-Key': `${context.runId}:create-subscription` } },
      body: createOrder(accountNumber, context.input),
    }),
  );
  const subscriptionNumber = order.subscriptionNumbers[0];
  if (subscriptionNumber === undefined) {
    throw new Error(`expected order ${order.orderNumber} to create a subscription, got none`);
  }
  const subscription = await callSystem(
    'billing-system',
    'getSubscription',
    systems.billing.GET('/v1/subscriptions/{subscriptionKey}', {
      params: { path: { subscriptionKey: subscriptionNumber } },
    }),
  );
  return {
    orderNumber: order.orderNumber,
    subscriptionId: subscription.id,
    subscriptionNumber,
    version: subscription.version,
    termStartDate: subscription.termStartDate,
    termEndDate: subscription.termEndDate ?? null,
  };
}

function storeCanonicalRecords(context: Context, writes: CanonicalWrites) {
  const { organizationId } = context.results['resolve-organization'] as { organizationId: string };
  const subscription = context.results['create-subscription'] as BillingSubscriptionCreated;
  const account = billingAccountRecord(
    organizationId,
    context.input.organization.name,
    accountOf(context),
  );
  const line = {
    plan: context.input.plan,
    quantity: context.input.quantity,
    namespaceId: context.input.deployment === 'saas' ? context.input.namespaceId : undefined,
  };
  const stored = subscriptionRecord(account.id, line, subscription);
  stageCreated(context, writes, 'billing-account.created', account, 'canonical_billing_accounts');
  stageCreated(context, writes, 'subscription.created', stored, 'canonical_subscriptions');
  return { billingAccountId: account.id, subscriptionNumber: stored.subscriptionNumber };
}

function stageCreated(
  context: Context,
  writes: CanonicalWrites,
  name: 'billing-account.created' | 'subscription.created',
  record: StoredRecord,
  table: 'canonical_billing_accounts' | 'canonical_subscriptions',
): void {
  const event = buildCanonicalEvent(record, {
    event: name,
    source: SOURCE,
    correlationId: context.correlationId,
  });
  writes.stage(context, event, (tx) => tx.records(table).insert(record));
}

function accountOf(context: Context): BillingAccountCreated {
  return context.results['create-billing-account'] as BillingAccountCreated;
}

function answerOf(
  purchase: WebPurchase,
  results: Record<string, unknown>,
  runId: string,
  correlationId: string,
): WebPurchaseAnswer {
  const stored = results['store-canonical-records'] as {
    billingAccountId: string;
    subscriptionNumber: string;
  };
  const account = results['create-billing-account'] as BillingAccountCreated;
  return {
    checkoutId: purchase.checkoutId,
    subscriptionNumber: stored.subscriptionNumber,
    billingAccountId: stored.billingAccountId,
    accountNumber: account.accountNumber,
    flowRunId: runId,
    correlationId,
  };
}

function loggerOption(logger: Logger | undefined): { logger?: Logger } {
  return logger === undefined ? {} : { logger };
}
