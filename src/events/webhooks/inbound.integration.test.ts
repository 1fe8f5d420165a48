import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { components } from '../../../generated/billing-system-v1/types.js';
import { startTestApp, testDialects, type RunningApp } from '../../../test/running-app.js';
import {
  startFakeSystem,
  type BillingState,
  type FakeSystem,
} from '../../connectors/fakes/index.js';
import { eventsDb } from '../events-tables.js';
import { webhooksDb } from './schema.js';
import { generateWebhookSecret, signatureHeaders, signWebhook } from './signature.js';
import { startTestReceiver, waitFor, type TestReceiver } from './test-receiver.js';
import { createWebhook } from './webhooks.js';

type VendorSubscription = components['schemas']['Subscription'];

const SECRET = generateWebhookSecret();
const ACCOUNT_ID = '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e';
const PLAN_ID = '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const RATE_PLAN_ID = '8ad0823f8c7a4f2f018c7b8e4d5e6f70';

function vendorSubscription(number: string): VendorSubscription {
  return {
    id: '8ad0950c8c7a4f2f018c7b9a2e3c5d10',
    subscriptionNumber: number,
    version: 1,
    accountId: '8ad08e0184a4a4c30184b2d0f3e0456a',
    accountNumber: 'A00012345',
    status: 'Active',
    termType: 'TERMED',
    termStartDate: '2026-11-01',
    termEndDate: '2027-11-01',
    autoRenew: true,
    currency: 'EUR',
    ratePlans: [
      {
        id: '8ad0950c8c7a4f2f018c7b9a2e3c5d11',
        productId: '8ad0823f8c7a4f2f018c7b8e4d5e6f60',
        productRatePlanId: RATE_PLAN_ID,
        ratePlanName: 'Premium - 1 Year',
        ratePlanCharges: [
          {
            id: '8ad0950c8c7a4f2f018c7b9a2e3c5d12',
            productRatePlanChargeId: '8ad0823f8c7a4f2f018c7b8e4d5e6f71',
            number: 'C-00012345',
            name: 'Premium - Seats',
            type: 'Recurring',
            model: 'PerUnit',
            quantity: 25,
            price: 348,
            effectiveStartDate: '2026-11-01',
            mrr: 725,
          },
        ],
      },
    ],
  };
}

describe.each(testDialects())('inbound webhooks on %s', (dialect) => {
  let app: RunningApp;
  let billing: FakeSystem<BillingState>;
  let receiver: TestReceiver;
  let sequence = 0;

  beforeAll(async () => {
    billing = await startFakeSystem('billing');
    receiver = await startTestReceiver();
    process.env.JUNCTION_WEBHOOK_POLL_MS = '20';
    const dir = mkdtempSync(join(tmpdir(), 'junction-inbound-'));
    const config = join(dir, 'junction.config.yaml');
    writeFileSync(
      config,
      'webhooks:\n  inbound:\n    billing:\n      kind: billing-system\n      secretEnv: TEST_BILLING_WEBHOOK_SECRET\n',
    );
    process.env.JUNCTION_CONFIG = config;
    process.env.TEST_BILLING_WEBHOOK_SECRET = SECRET;
    process.env.BILLING_SYSTEM_URL = billing.url;
    app = await startTestApp(dialect);
    await app.store.records('canonical_billing_accounts').insert({
      id: ACCOUNT_ID,
      accountNumber: 'A00012345',
      currency: 'EUR',
      createdAt: '2026-11-01T08:00:00.000Z',
      updatedAt: '2026-11-01T08:00:00.000Z',
    });
    await app.store.records('canonical_plans').insert({
      id: PLAN_ID,
      planCode: 'premium-annual',
      externalRefs: [{ system: 'billing', type: 'ProductRatePlan', id: RATE_PLAN_ID }],
      createdAt: '2026-11-01T08:00:00.000Z',
      updatedAt: '2026-11-01T08:00:00.000Z',
    });
  });
  afterAll(async () => {
    await app.close();
    await billing.stop();
    await receiver.close();
  });
  beforeEach(() => {
    sequence += 1;
  });

  /** A callout about a subscription the fake billing system holds, numbered for this test. */
  function seededCallout(eventType = 'SubscriptionCreated'): string {
    const number = `A-S${String(10_000 + sequence).padStart(8, '0')}`;
    billing.state.subscriptions.set(number, vendorSubscription(number));
    return JSON.stringify({ eventType, subscriptionNumber: number });
  }

  function numberOf(body: string): string {
    return (JSON.parse(body) as { subscriptionNumber: string }).subscriptionNumber;
  }

  function currentId(): string {
    return `msg_${dialect}_${sequence}`;
  }

  function signed(body: string, options: { id?: string; at?: number; secret?: string } = {}) {
    const id = options.id ?? `msg_${dialect}_${sequence}`;
    const at = options.at ?? Math.floor(Date.now() / 1000);
    return signatureHeaders(options.secret ?? SECRET, id, at, Buffer.from(body));
  }

  async function post(body: string, headers: Record<string, string>, source = 'billing') {
    const response = await fetch(`${app.url}/webhooks/inbound/${source}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: JSON.parse(text) as unknown,
    };
  }

  /**
   * What a callout about the subscription numbered `number` with webhook id `webhookId` could
   * have stored: its id, the canonical subscription, and the events the callout wrote. Other
   * components react to those events on their own, so only these are counted.
   */
  async function storedFor(number: string, webhookId: string) {
    const canonical = `S-${number.slice(3)}`;
    const seen = await webhooksDb(app.store)
      .selectFrom('webhook_inbound_seen')
      .select('webhook_id')
      .where('webhook_id', '=', webhookId)
      .execute();
    const events = await eventsDb(app.store)
      .selectFrom('event_outbox')
      .select('event_id')
      .where('type', 'like', 'com.junction.canonical.subscription.%')
      .where('event', 'like', `%"subscriptionNumber":"${canonical}"%`)
      .where('event', 'like', '%"source":"/junction/webhooks/inbound/billing"%')
      .execute();
    const subscription = await app.store.records('canonical_subscriptions').getByKey(canonical);
    return { seen: seen.length, events: events.length, subscription: subscription !== undefined };
  }

  const NOTHING = { seen: 0, events: 0, subscription: false };

  function problem(
    status: number,
    code: string,
    title: string,
    detail: string,
    source = 'billing',
  ) {
    return {
      type: `https://junction.dev/errors/${code}`,
      title,
      status,
      code,
      detail,
      instance: `/webhooks/inbound/${source}`,
      correlationId: expect.any(String) as unknown,
    };
  }

  it('turns a signed billing callout into the canonical subscription and its event, in one go', async () => {
    const body = seededCallout();
    const number = `A-S${String(10_000 + sequence).padStart(8, '0')}`;
    const answer = await post(body, signed(body));
    expect(answer.status).toBe(200);
    const { events } = answer.body as { events: string[] };
    expect(answer.body).toStrictEqual({ id: `msg_${dialect}_${sequence}`, events: [events[0]] });

    const canonical = `S-${number.slice(3)}`;
    const stored = await app.store.records('canonical_subscriptions').getByKey(canonical);
    expect(stored).toStrictEqual({
      id: stored!.id,
      subscriptionNumber: canonical,
      billingAccountId: ACCOUNT_ID,
      status: 'active',
      termType: 'termed',
      termStart: '2026-11-01',
      termEnd: '2027-10-31',
      autoRenew: true,
      lines: [
        {
          planId: PLAN_ID,
          quantity: 25,
          price: { amount: '348.00', currency: 'EUR' },
          mrr: { amount: '725.00', currency: 'EUR' },
        },
      ],
      version: 1,
      externalRefs: [
        { system: 'billing', type: 'Subscription', id: '8ad0950c8c7a4f2f018c7b9a2e3c5d10', number },
      ],
      createdAt: stored!.createdAt,
      updatedAt: stored!.updatedAt,
    });

    const row = await eventsDb(app.store)
      .selectFrom('event_outbox')
      .select(['type', 'subject', 'event'])
      .where('event_id', '=', events[0]!)
      .executeTakeFirstOrThrow();
    expect(row.type).toBe('com.junction.canonical.subscription.created.v1');
    expect(row.subject).toBe(`subscriptions/${stored!.id}`);
    expect(JSON.parse(row.event)).toMatchObject({
      source: '/junction/webhooks/inbound/billing',
      causationid: `msg_${dialect}_${sequence}`,
      data: stored,
    });
    expect(billing.calls.map((call) => `${call.method} ${call.path}`)).toContain(
      `GET /v1/subscriptions/${number}`,
    );
  });

  it('delivers the canonical event of a callout to a subscribed webhook through the outbox and the bus', async () => {
    const webhook = await createWebhook(app.store, {
      url: `${receiver.url}/provisioning`,
      eventTypes: ['com.junction.canonical.subscription.created.v1'],
    });
    const body = seededCallout();
    const answer = await post(body, signed(body));
    const [eventId] = (answer.body as { events: string[] }).events;

    // Events of earlier tests may reach the new webhook too; this test follows its own.
    const [delivered] = await waitFor(
      () =>
        Promise.resolve(
          receiver.received.filter((request) => request.headers['webhook-id'] === eventId),
        ),
      (posts) => posts.length > 0,
    );
    expect(delivered!.path).toBe('/provisioning');
    const timestamp = Number(delivered!.headers['webhook-timestamp']);
    expect(delivered!.headers['webhook-signature']).toBe(
      signWebhook(webhook.secret, eventId!, timestamp, delivered!.body),
    );
    expect(JSON.parse(delivered!.body.toString('utf8'))).toMatchObject({
      id: eventId,
      type: 'com.junction.canonical.subscription.created.v1',
      source: '/junction/webhooks/inbound/billing',
    });
  });

  it('refuses an unsigned callout with 401 and stores nothing', async () => {
    const body = seededCallout();
    const answer = await post(body, {});
    expect(answer.status).toBe(401);
    expect(answer.type).toBe('application/problem+json; charset=utf-8');
    expect(answer.body).toStrictEqual(
      problem(
        401,
        'invalid-signature',
        'The webhook signature is missing or does not match the body',
        "Expected the webhook-id, webhook-timestamp and webhook-signature headers, got none; sign the callout with the source's secret.",
      ),
    );
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(NOTHING);
  });

  it('refuses a callout signed with another secret with 401 and stores nothing', async () => {
    const body = seededCallout();
    const answer = await post(body, signed(body, { secret: generateWebhookSecret() }));
    expect(answer.status).toBe(401);
    expect(answer.body).toStrictEqual(
      problem(
        401,
        'invalid-signature',
        'The webhook signature is missing or does not match the body',
        "The webhook-signature does not match the body; sign the exact bytes sent with the source's secret.",
      ),
    );
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(NOTHING);
  });

  it('refuses a body changed after signing, by whitespace alone, with 401', async () => {
    const body = seededCallout();
    const answer = await post(body.replace(':', ': '), signed(body));
    expect(answer.status).toBe(401);
    expect(answer.body).toStrictEqual(
      problem(
        401,
        'invalid-signature',
        'The webhook signature is missing or does not match the body',
        "The webhook-signature does not match the body; sign the exact bytes sent with the source's secret.",
      ),
    );
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(NOTHING);
  });

  it('refuses a timestamp older than 5 minutes with 401', async () => {
    const body = seededCallout();
    const at = Math.floor(Date.now() / 1000) - 301;
    const answer = await post(body, signed(body, { at }));
    expect(answer.status).toBe(401);
    expect(answer.body).toStrictEqual(
      problem(
        401,
        'stale-timestamp',
        'The webhook timestamp is outside the tolerance',
        (answer.body as { detail: string }).detail,
      ),
    );
    expect((answer.body as { detail: string }).detail).toMatch(
      new RegExp(
        `^Expected a webhook-timestamp within 300 s of [0-9]+, got '${at}'; send the callout with the current time\\.$`,
      ),
    );
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(NOTHING);
  });

  it('refuses a replayed webhook id with 401 and stores nothing more', async () => {
    const body = seededCallout();
    const headers = signed(body);
    expect((await post(body, headers)).status).toBe(200);
    const once = { seen: 1, events: 1, subscription: true };
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(once);
    const answer = await post(body, headers);
    expect(answer.status).toBe(401);
    expect(answer.body).toStrictEqual(
      problem(
        401,
        'webhook-replayed',
        'A webhook with this id was already received',
        `A webhook with id '${headers['webhook-id']}' was already received from this source; send each callout with a new id.`,
      ),
    );
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(once);
  });

  it('answers 404 for a source that is not configured', async () => {
    const body = seededCallout();
    const answer = await post(body, signed(body), 'crm');
    expect(answer.status).toBe(404);
    expect(answer.body).toStrictEqual(
      problem(
        404,
        'webhook-source-unknown',
        'No inbound webhook source has this name',
        "No inbound webhook source is named 'crm'; configure it under webhooks.inbound in junction.config.yaml.",
        'crm',
      ),
    );
  });

  it('refuses a signed callout of an unknown event type with 400 pointing at /eventType', async () => {
    const body = JSON.stringify({
      eventType: 'InvoiceExploded',
      subscriptionNumber: 'A-S00000001',
    });
    const answer = await post(body, signed(body));
    expect(answer.status).toBe(400);
    expect(answer.body).toStrictEqual({
      ...problem(
        400,
        'validation-failed',
        'The request is not valid against the API contract',
        'The callout is not valid: expected one of SubscriptionCreated, SubscriptionAmended, SubscriptionRenewed, SubscriptionCancelled, JournalRunCompleted, got "InvoiceExploded".',
      ),
      errors: [
        {
          in: 'body',
          pointer: '/eventType',
          message:
            'expected one of SubscriptionCreated, SubscriptionAmended, SubscriptionRenewed, SubscriptionCancelled, JournalRunCompleted, got "InvoiceExploded"',
        },
      ],
    });
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(NOTHING);
  });

  it('refuses a subscription callout with a field beside its number with 400 naming the field', async () => {
    const body = JSON.stringify({
      eventType: 'SubscriptionCreated',
      subscriptionNumber: 'A-S00000002',
      accountNumber: 'A00012345',
    });
    const answer = await post(body, signed(body));
    const message =
      'expected only eventType and subscriptionNumber in a SubscriptionCreated callout, got the field "accountNumber"';
    expect(answer.body).toStrictEqual({
      ...problem(
        400,
        'validation-failed',
        'The request is not valid against the API contract',
        `The callout is not valid: ${message}.`,
      ),
      errors: [{ in: 'body', pointer: '/accountNumber', message }],
    });
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(NOTHING);
  });

  it('refuses a webhook-id longer than 128 characters with 400, as it names the events it causes', async () => {
    const body = seededCallout();
    const id = `msg_${'x'.repeat(125)}`;
    const answer = await post(body, signed(body, { id }));
    const message = 'expected at most 128 characters, got 129';
    expect(answer.body).toStrictEqual({
      ...problem(
        400,
        'validation-failed',
        'The request is not valid against the API contract',
        `The webhook-id is too long: ${message}; send each callout with a shorter unique id.`,
      ),
      errors: [{ in: 'header', pointer: '/webhook-id', message }],
    });
    expect(await storedFor(numberOf(body), id)).toStrictEqual(NOTHING);
  });

  it('answers a journal run callout with 503 while F6 has no ledger, said once at start-up, and stores nothing', async () => {
    const body = JSON.stringify({
      eventType: 'JournalRunCompleted',
      journalRunNumber: 'JR-00000001',
    });
    const answer = await post(body, signed(body));
    expect(answer.body).toStrictEqual(
      problem(
        503,
        'flow-not-configured',
        'The flow this callout starts is not configured',
        'Journal transfer (F6) is off: junction.config.yaml has no referenceFlows.journalTransfer.ledger; ' +
          "configure the ERP ledger, and the sender's retry of this callout will succeed.",
      ),
    );
    const seen = await webhooksDb(app.store)
      .selectFrom('webhook_inbound_seen')
      .select('webhook_id')
      .where('webhook_id', '=', currentId())
      .execute();
    const queued = await eventsDb(app.store)
      .selectFrom('event_outbox')
      .select('event_id')
      .where('subject', '=', 'journal-runs/JR-00000001')
      .execute();
    expect([seen, queued]).toStrictEqual([[], []]);
    const off = app.logs.filter(
      (line) => line.msg === 'journal transfer (F6) is off: journal run callouts are refused',
    );
    expect(off.map((line) => [line.level, line.component, line.missing])).toStrictEqual([
      ['warn', 'reference-flows', 'referenceFlows.journalTransfer.ledger'],
    ]);
  });

  it('answers 422 for a subscription billing does not have, keeping the id for the retry', async () => {
    const number = `A-S${String(90_000 + sequence).padStart(8, '0')}`;
    const body = JSON.stringify({ eventType: 'SubscriptionCreated', subscriptionNumber: number });
    const headers = signed(body);
    const answer = await post(body, headers);
    expect(answer.status).toBe(422);
    expect(answer.body).toStrictEqual({
      ...problem(
        422,
        'reference-unknown',
        'The callout refers to a record Junction cannot resolve',
        `The billing system has no subscription '${number}'; create it first, and the sender's retry of this callout will succeed.`,
      ),
      errors: [{ pointer: '/subscriptionNumber', message: 'cannot be resolved' }],
    });
    expect(await storedFor(numberOf(body), currentId())).toStrictEqual(NOTHING);

    billing.state.subscriptions.set(number, vendorSubscription(number));
    expect((await post(body, headers)).status).toBe(200);
  });
});
