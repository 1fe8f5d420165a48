import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeSystem, type FakeStates, type FakeSystem } from '../../connectors/fakes/index.js';
import { readPendingEvents } from '../../events/outbox.js';
import { checkEvent } from '../../events/validation.js';
import { openStore, type Store } from '../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../store/test-databases.js';
import { startTestApp, testDialects, type RunningApp } from '../../../test/running-app.js';
import { getFlowRun, listFlowRuns } from '../flow-runs.js';
import { listIncidents } from './incidents.js';
import {
  checkoutBody,
  PREMIUM_RATE_PLAN,
  purchaseOf,
  seedCatalogue,
} from './reference-fixtures.js';
import { createReferenceSystems } from './systems.js';
import { runWebPurchase } from './web-purchase.js';

/** Polls `probe` until it answers, for at most 60 seconds. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('expected the flows to end within 60 seconds');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function stepsOf(detail: Awaited<ReturnType<typeof getFlowRun>>) {
  return detail?.steps.map((step) => ({
    step: step.step,
    action: step.action,
    system: step.system,
    status: step.status,
    events: step.events.map((event) => event.type),
  }));
}

describe.each(testDialects())('the web purchase flow (F1) on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let billing: FakeSystem<FakeStates['billing']>;

  beforeAll(async () => {
    database =
      dialect === 'sqlite'
        ? await createSqliteTestDatabase()
        : await createPostgresTestDatabase(process.env.DATABASE_URL ?? '');
    store = await openStore(database.options);
    billing = await startFakeSystem('billing');
    await seedCatalogue(store);
  });
  afterAll(async () => {
    await billing.stop();
    await store.close();
    await database.drop();
  });

  const deps = () => ({
    store,
    systems: createReferenceSystems({ billing: billing.url, crm: billing.url, erp: billing.url }),
  });

  it('creates the account and subscription in billing and stores both with their events', async () => {
    const before = billing.calls.length;
    const outcome = await runWebPurchase(
      deps(),
      await purchaseOf(store, 'chk_complete01'),
      'corr-f1',
    );
    if (outcome.kind !== 'completed') throw new Error(JSON.stringify(outcome));
    const { answer } = outcome;
    expect(answer).toStrictEqual({
      checkoutId: 'chk_complete01',
      subscriptionNumber: expect.stringMatching(/^S-\d{8}$/) as unknown,
      billingAccountId: expect.any(String) as unknown,
      accountNumber: expect.stringMatching(/^A\d{8}$/) as unknown,
      flowRunId: expect.any(String) as unknown,
      correlationId: 'corr-f1',
    });

    const calls = billing.calls.slice(before).map((call) => `${call.method} ${call.path}`);
    const billingNumber = `A-S${answer.subscriptionNumber.slice(2)}`;
    expect(calls).toStrictEqual([
      'POST /v1/accounts',
      `PUT /v1/accounts/${answer.accountNumber}`,
      'POST /v1/orders',
      `GET /v1/subscriptions/${billingNumber}`,
    ]);
    const order = billing.calls.slice(before)[2]!;
    expect(order.idempotencyKey).toBe(`${answer.flowRunId}:create-subscription`);
    expect(order.body).toMatchObject({
      existingAccountNumber: answer.accountNumber,
      subscriptions: [
        {
          orderActions: [
            {
              type: 'CreateSubscription',
              createSubscription: {
                subscribeToRatePlans: [
                  {
                    productRatePlanId: PREMIUM_RATE_PLAN.productRatePlanId,
                    chargeOverrides: [
                      {
                        productRatePlanChargeId: PREMIUM_RATE_PLAN.productRatePlanChargeId,
                        pricing: { recurringPerUnit: { quantity: 25 } },
                      },
                    ],
                  },
                ],
              },
            },
          ],
        },
      ],
      processingOptions: { runBilling: true, collectPayment: true },
    });

    const account = await store.records('canonical_billing_accounts').get(answer.billingAccountId);
    expect(account).toMatchObject({
      accountNumber: answer.accountNumber,
      channel: 'self-serve',
      currency: 'USD',
      status: 'active',
    });
    const subscription = await store
      .records('canonical_subscriptions')
      .getByKey(answer.subscriptionNumber);
    expect(subscription).toMatchObject({
      billingAccountId: answer.billingAccountId,
      namespaceRef: '81234567',
      version: 1,
      lines: [{ quantity: 25, price: { amount: '348.00', currency: 'USD' } }],
    });

    const events = (await readPendingEvents(store, 100))
      .map(({ event }) => event)
      .filter((event) => event.correlationid === 'corr-f1');
    expect(events.map((event) => [event.type, event.subject])).toStrictEqual([
      ['com.junction.canonical.organization.created.v1', expect.stringMatching(/^organizations\//)],
      [
        'com.junction.canonical.billing-account.created.v1',
        `billing-accounts/${answer.billingAccountId}`,
      ],
      ['com.junction.canonical.subscription.created.v1', `subscriptions/${subscription!.id}`],
    ]);
    expect(events.map((event) => checkEvent(event))).toStrictEqual([
      undefined,
      undefined,
      undefined,
    ]);

    const run = await getFlowRun(store, answer.flowRunId);
    expect(run).toMatchObject({
      flow: 'web-purchase',
      status: 'completed',
      correlationId: 'corr-f1',
    });
    expect(stepsOf(run)).toStrictEqual([
      {
        step: 'resolve-organization',
        action: 'run',
        system: 'junction',
        status: 'completed',
        events: ['com.junction.canonical.organization.created.v1'],
      },
      {
        step: 'create-billing-account',
        action: 'run',
        system: 'billing-system',
        status: 'completed',
        events: [],
      },
      {
        step: 'create-subscription',
        action: 'run',
        system: 'billing-system',
        status: 'completed',
        events: [],
      },
      {
        step: 'store-canonical-records',
        action: 'run',
        system: 'junction',
        status: 'completed',
        events: [
          'com.junction.canonical.billing-account.created.v1',
          'com.junction.canonical.subscription.created.v1',
        ],
      },
    ]);
  });

  it('answers a repeated checkout with the first result and calls the billing system no more', async () => {
    const first = await runWebPurchase(deps(), await purchaseOf(store, 'chk_repeat0001'), 'corr-a');
    const calls = billing.calls.length;
    const again = await runWebPurchase(deps(), await purchaseOf(store, 'chk_repeat0001'), 'corr-b');
    expect(first.kind).toBe('completed');
    expect(again).toStrictEqual({ ...first, replayed: true });
    expect(billing.calls.length).toBe(calls);
  });

  it('deletes the account it created when billing refuses the subscription, ending the run compensated', async () => {
    const before = billing.calls.length;
    const purchase = await purchaseOf(store, 'chk_refused001', { planCode: 'retired-annual' });
    const outcome = await runWebPurchase(deps(), purchase, 'corr-refused');
    if (outcome.kind !== 'failed') throw new Error(JSON.stringify(outcome));
    expect(outcome).toStrictEqual({
      kind: 'failed',
      runId: outcome.runId,
      status: 'compensated',
      step: 'create-subscription',
      reason:
        'billing-system createOrder answered 400: {"success":false,"processId":"0000000000000000",' +
        '"reasons":[{"code":53100020,"message":"Invalid productRatePlanId \'ffffffffffffffffffffffffffffffff\'."}]}',
    });

    const calls = billing.calls.slice(before);
    const accountNumber = calls[1]!.path.split('/').at(-1)!;
    expect(calls.map((call) => `${call.method} ${call.path}`)).toStrictEqual([
      'POST /v1/accounts',
      `PUT /v1/accounts/${accountNumber}`,
      'POST /v1/orders',
      `DELETE /v1/accounts/${accountNumber}`,
    ]);
    expect(calls[3]!.body).toBeUndefined();
    expect(
      [...billing.state.accounts.values()].some((a) => a.accountNumber === accountNumber),
    ).toBe(false);

    const run = await getFlowRun(store, outcome.runId);
    expect(run?.status).toBe('compensated');
    expect(stepsOf(run)).toStrictEqual([
      {
        step: 'resolve-organization',
        action: 'run',
        system: 'junction',
        status: 'completed',
        events: [],
      },
      {
        step: 'create-billing-account',
        action: 'run',
        system: 'billing-system',
        status: 'completed',
        events: [],
      },
      {
        step: 'create-subscription',
        action: 'run',
        system: 'billing-system',
        status: 'failed',
        events: [],
      },
      {
        step: 'create-billing-account',
        action: 'compensate',
        system: 'billing-system',
        status: 'completed',
        events: [],
      },
    ]);
    expect(await listIncidents(store, outcome.runId)).toStrictEqual([]);
    expect(
      await store.records('canonical_billing_accounts').getByKey(accountNumber),
    ).toBeUndefined();
  });

  it('counts an account billing no longer has as deleted when the compensation repeats', async () => {
    const systems = deps().systems;
    const deleteOnce = systems.billing.DELETE.bind(systems.billing);
    // Deletes before the flow's own call, as a compensation that ran once before a crash did.
    systems.billing.DELETE = ((...args: Parameters<typeof deleteOnce>) =>
      deleteOnce(...args).then(() => deleteOnce(...args))) as typeof deleteOnce;
    const before = billing.calls.length;
    const purchase = await purchaseOf(store, 'chk_refused002', { planCode: 'retired-annual' });
    const outcome = await runWebPurchase({ store, systems }, purchase, 'corr-refused-again');

    expect([outcome.kind, 'status' in outcome ? outcome.status : undefined]).toStrictEqual([
      'failed',
      'compensated',
    ]);
    const calls = billing.calls.slice(before);
    const accountNumber = calls[1]!.path.split('/').at(-1)!;
    expect(calls.map((call) => `${call.method} ${call.path}`)).toStrictEqual([
      'POST /v1/accounts',
      `PUT /v1/accounts/${accountNumber}`,
      'POST /v1/orders',
      `DELETE /v1/accounts/${accountNumber}`,
      `DELETE /v1/accounts/${accountNumber}`,
    ]);
  });
});

describe('the storefront API (F1 over HTTP, then F2 and F4 over the bus)', () => {
  let app: RunningApp;
  let billing: FakeSystem<FakeStates['billing']>;
  let crm: FakeSystem<FakeStates['crm']>;

  beforeAll(async () => {
    billing = await startFakeSystem('billing');
    crm = await startFakeSystem('crm');
    process.env.BILLING_SYSTEM_URL = billing.url;
    process.env.CRM_SYSTEM_URL = crm.url;
    app = await startTestApp('sqlite');
    await seedCatalogue(app.store);
  });
  afterAll(async () => {
    await app?.close();
    await crm.stop();
    await billing.stop();
    delete process.env.BILLING_SYSTEM_URL;
    delete process.env.CRM_SYSTEM_URL;
  });

  const accountsCreated = () =>
    billing.calls.filter((call) => call.method === 'POST' && call.path === '/v1/accounts').length;
  const post = (body: unknown, correlationId = 'corr-http-1') =>
    fetch(`${app.url}/storefront/v1/purchases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
      body: JSON.stringify(body),
    });

  it('answers 201 with the subscription number, the flow run and the correlation id', async () => {
    const response = await post(checkoutBody('chk_http00001'));
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toStrictEqual({
      checkoutId: 'chk_http00001',
      subscriptionNumber: expect.stringMatching(/^S-\d{8}$/) as unknown,
      billingAccountId: expect.any(String) as unknown,
      accountNumber: expect.stringMatching(/^A\d{8}$/) as unknown,
      flowRunId: expect.any(String) as unknown,
      correlationId: 'corr-http-1',
    });
  });

  it('starts the CRM link and provisioning flows from its events, under its correlation id', async () => {
    const response = await post(checkoutBody('chk_http00004'), 'corr-http-4');
    expect(response.status).toBe(201);
    const flows = await eventually(async () => {
      const page = await listFlowRuns(app.store, { correlationId: 'corr-http-4', limit: 20 });
      const ended = page.items.filter((run) => run.status === 'completed');
      const names = ended.map((run) => run.flow).sort();
      return names.filter((name) => name !== 'web-purchase').length >= 2 ? names : undefined;
    });
    expect(flows).toStrictEqual(['crm-link', 'provisioning', 'web-purchase']);
    const { subscriptionNumber } = (await response.json()) as { subscriptionNumber: string };
    const booked = [...crm.state.Opportunity.values()].filter(
      (opportunity) => opportunity.Subscription_Number__c === `A-S${subscriptionNumber.slice(2)}`,
    );
    expect(booked.map((opportunity) => opportunity.StageName)).toStrictEqual(['Closed Won']);
    const licenses = await app.store
      .records('canonical_licenses')
      .list({ limit: 10, filters: { subscriptionNumber } });
    expect(licenses.items.map((license) => license.kind)).toStrictEqual(['namespace-plan']);
  });

  it('rejects a purchase body that breaks the schema with 400 and calls nothing', async () => {
    const calls = accountsCreated();
    const response = await post(
      checkoutBody('chk_http00002', { quantity: 0, planCode: 'Bad Code' }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toStrictEqual({
      type: 'https://junction.dev/errors/validation-failed',
      title: 'The request is not valid against the API contract',
      status: 400,
      code: 'validation-failed',
      detail: '2 parts of the request are not valid.',
      instance: '/storefront/v1/purchases',
      correlationId: 'corr-http-1',
      errors: expect.arrayContaining([
        {
          in: 'body',
          pointer: '/planCode',
          message: 'must match pattern "^[a-z][a-z0-9_-]{1,63}$"',
        },
        { in: 'body', pointer: '/quantity', message: 'must be >= 1' },
      ]) as unknown,
    });
    expect(accountsCreated()).toBe(calls);
  });

  it('answers a plan the catalogue does not sell with 422 unknown-plan', async () => {
    const response = await post(checkoutBody('chk_http00003', { planCode: 'gold-annual' }));
    expect(response.status).toBe(422);
    expect(await response.json()).toStrictEqual({
      type: 'https://junction.dev/errors/unknown-plan',
      title: 'The plan is not in the catalogue',
      status: 422,
      code: 'unknown-plan',
      detail: "Expected the code of an active plan in the catalogue, got 'gold-annual'.",
      instance: '/storefront/v1/purchases',
      correlationId: 'corr-http-1',
    });
  });
});
