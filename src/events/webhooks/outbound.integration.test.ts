import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPlatformV1Client } from '../../../generated/platform-v1/client.js';
import { startTestApp, testDialects, type RunningApp } from '../../../test/running-app.js';
import { createAdminKey } from '../../store/platform/index.js';
import { getDeadLetter } from '../dead-letters.js';
import type { CloudEvent } from '../envelope.js';
import { enqueueDeliveries } from './deliveries.js';
import { webhooksDb } from './schema.js';
import { signWebhook } from './signature.js';
import { startTestReceiver, waitFor, type TestReceiver } from './test-receiver.js';

const CREATED = 'com.junction.canonical.subscription.created.v1';
const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };

function event(id: string): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: '/junction/tests',
    type: CREATED,
    subject: 'subscriptions/4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
    time: '2026-11-15T11:21:30.000Z',
    datacontenttype: 'application/json',
    correlationid: 'corr-1',
    dataschemaversion: '1.0.0',
    data: { subscriptionNumber: 'S-00000001' },
  };
}

describe.each(testDialects())('outbound webhooks on %s', (dialect) => {
  let app: RunningApp;
  let receiver: TestReceiver;
  let platform: ReturnType<typeof createPlatformV1Client>;
  let viewer: ReturnType<typeof createPlatformV1Client>;

  beforeAll(async () => {
    // Two retries of at most 20 and 40 ms: the whole schedule runs out within the test.
    process.env.JUNCTION_WEBHOOK_RETRY_SCHEDULE = '20ms,40ms';
    process.env.JUNCTION_WEBHOOK_POLL_MS = '20';
    process.env.JUNCTION_WEBHOOK_TIMEOUT_MS = '1000';
    receiver = await startTestReceiver();
    app = await startTestApp(dialect);
    const admin = await createAdminKey(app.store, { name: 'tests', role: 'developer' });
    const reader = await createAdminKey(app.store, { name: 'reader', role: 'viewer' });
    platform = createPlatformV1Client(app.url, { headers: { 'X-Admin-Key': admin.key } });
    viewer = createPlatformV1Client(app.url, { headers: { 'X-Admin-Key': reader.key } });
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  async function createWebhook(path: string) {
    const created = await platform.POST('/webhooks', {
      body: { url: `${receiver.url}${path}`, eventTypes: [CREATED] },
    });
    if (!created.data) throw new Error(`expected a webhook, got ${created.response.status}`);
    return created.data;
  }

  async function deliveriesOf(webhookId: string) {
    const page = await platform.GET('/webhooks/{webhookId}/deliveries', {
      params: { path: { webhookId } },
    });
    return page.data?.data ?? [];
  }

  it('creates a webhook with its secret shown once, then reads, lists, patches and deletes it', async () => {
    const created = await platform.POST('/webhooks', {
      body: {
        url: 'https://hooks.example.com/junction',
        eventTypes: [CREATED],
        description: 'Provisioning',
      },
    });
    expect(created.response.status).toBe(201);
    const webhook = created.data!;
    expect(created.response.headers.get('location')).toBe(
      `${app.url}/platform/v1/webhooks/${webhook.id}`,
    );
    expect(webhook).toStrictEqual({
      id: webhook.id,
      url: 'https://hooks.example.com/junction',
      eventTypes: [CREATED],
      description: 'Provisioning',
      enabled: true,
      secret: webhook.secret,
      createdAt: webhook.createdAt,
      updatedAt: webhook.createdAt,
    });
    expect(webhook.id).toMatch(/^whk_[A-Za-z0-9_-]{22}$/);
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const { secret, ...listed } = webhook;

    const read = await viewer.GET('/webhooks/{webhookId}', {
      params: { path: { webhookId: webhook.id } },
    });
    expect(read.data).toStrictEqual(listed);
    const list = await viewer.GET('/webhooks', { params: { query: { limit: 100 } } });
    expect(list.data?.data).toContainEqual(listed);

    const patched = await platform.PATCH('/webhooks/{webhookId}', {
      params: { path: { webhookId: webhook.id } },
      body: { enabled: false, description: null },
      headers: MERGE_PATCH,
    });
    expect(patched.data).toStrictEqual({
      id: webhook.id,
      url: webhook.url,
      eventTypes: [CREATED],
      enabled: false,
      createdAt: webhook.createdAt,
      updatedAt: patched.data!.updatedAt,
    });

    const rotated = await platform.POST('/webhooks/{webhookId}/rotate-secret', {
      params: { path: { webhookId: webhook.id } },
    });
    expect(rotated.response.status).toBe(200);
    expect(rotated.data?.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(rotated.data?.secret).not.toBe(secret);

    const deleted = await platform.DELETE('/webhooks/{webhookId}', {
      params: { path: { webhookId: webhook.id } },
    });
    expect(deleted.response.status).toBe(204);
    const gone = await platform.GET('/webhooks/{webhookId}', {
      params: { path: { webhookId: webhook.id } },
    });
    expect(gone.response.status).toBe(404);
  });

  it('refuses a viewer key on createWebhook with 403', async () => {
    const refused = await viewer.POST('/webhooks', {
      body: { url: 'https://hooks.example.com/junction', eventTypes: [CREATED] },
    });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: 'forbidden' });
  });

  it('refuses a plain-http URL beyond loopback with 400 pointing at /url', async () => {
    const refused = await platform.POST('/webhooks', {
      body: { url: 'http://hooks.example.com/junction', eventTypes: [CREATED] },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toStrictEqual({
      type: 'https://junction.dev/errors/validation-failed',
      title: 'The request is not valid against the API contract',
      status: 400,
      code: 'validation-failed',
      detail: '1 field of the webhook is not usable; see errors.',
      instance: '/platform/v1/webhooks',
      correlationId: refused.response.headers.get('x-correlation-id'),
      errors: [
        {
          in: 'body',
          pointer: '/url',
          message:
            "expected an https URL, or http to localhost, 127.0.0.1 or [::1], got 'http://hooks.example.com/junction'",
        },
      ],
    });
  });

  it('refuses a URL that is no URL with 400 pointing at /url', async () => {
    const refused = await platform.POST('/webhooks', {
      body: { url: 'not a url', eventTypes: [CREATED] },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toStrictEqual({
      type: 'https://junction.dev/errors/validation-failed',
      title: 'The request is not valid against the API contract',
      status: 400,
      code: 'validation-failed',
      detail: '1 part of the request is not valid.',
      instance: '/platform/v1/webhooks',
      correlationId: refused.response.headers.get('x-correlation-id'),
      errors: [{ in: 'body', pointer: '/url', message: 'must match format "uri"' }],
    });
  });

  it('refuses an unknown event type in the filter with 400 pointing at its index', async () => {
    const refused = await platform.POST('/webhooks', {
      body: {
        url: 'https://hooks.example.com/junction',
        eventTypes: [CREATED, 'com.junction.canonical.subscription.deleted.v1'],
      },
    });
    expect(refused.response.status).toBe(400);
    expect(refused.error).toStrictEqual({
      type: 'https://junction.dev/errors/validation-failed',
      title: 'The request is not valid against the API contract',
      status: 400,
      code: 'validation-failed',
      detail: '1 field of the webhook is not usable; see errors.',
      instance: '/platform/v1/webhooks',
      correlationId: refused.response.headers.get('x-correlation-id'),
      errors: [
        {
          in: 'body',
          pointer: '/eventTypes/1',
          message:
            "expected a canonical event type such as 'com.junction.canonical.subscription.created.v1', got 'com.junction.canonical.subscription.deleted.v1'",
        },
      ],
    });
  });

  it('retries a target answering 500 and delivers on its 200, signed over the exact body', async () => {
    receiver.script('/flaky', [500, 200]);
    const webhook = await createWebhook('/flaky');
    expect(await enqueueDeliveries(app.store, event('evt-flaky'))).toBe(1);

    const [delivery] = await waitFor(
      () => deliveriesOf(webhook.id),
      (list) => list[0]?.status === 'delivered',
    );
    expect(delivery).toStrictEqual({
      id: delivery!.id,
      webhookId: webhook.id,
      eventId: 'evt-flaky',
      eventType: CREATED,
      status: 'delivered',
      attempts: [
        {
          attempt: 1,
          startedAt: delivery!.attempts[0]!.startedAt,
          durationMs: delivery!.attempts[0]!.durationMs,
          statusCode: 500,
          nextAttemptAt: delivery!.attempts[0]!.nextAttemptAt,
        },
        {
          attempt: 2,
          startedAt: delivery!.attempts[1]!.startedAt,
          durationMs: delivery!.attempts[1]!.durationMs,
          statusCode: 200,
        },
      ],
      createdAt: delivery!.createdAt,
      updatedAt: delivery!.updatedAt,
    });

    const posts = receiver.received.filter((request) => request.path === '/flaky');
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(JSON.parse(post.body.toString('utf8'))).toStrictEqual(event('evt-flaky'));
      expect(post.headers['webhook-id']).toBe('evt-flaky');
      const timestamp = Number(post.headers['webhook-timestamp']);
      expect(post.headers['webhook-signature']).toBe(
        signWebhook(webhook.secret, 'evt-flaky', timestamp, post.body),
      );
    }
  });

  it('dead-letters a target that always fails after the whole schedule, with the reason', async () => {
    receiver.script('/down', [500]);
    const webhook = await createWebhook('/down');
    await enqueueDeliveries(app.store, event('evt-down'));

    const [delivery] = await waitFor(
      () => deliveriesOf(webhook.id),
      (list) => list[0]?.status === 'dead-lettered',
    );
    expect(delivery?.attempts.map((attempt) => attempt.statusCode)).toStrictEqual([500, 500, 500]);
    expect(delivery?.attempts.map((attempt) => 'nextAttemptAt' in attempt)).toStrictEqual([
      true,
      true,
      false,
    ]);
    expect(receiver.received.filter((request) => request.path === '/down')).toHaveLength(3);

    const letter = await getDeadLetter(app.store, delivery!.deadLetterId!);
    expect(letter).toMatchObject({
      stage: 'webhook-delivery',
      consumer: 'webhooks',
      eventId: 'evt-down',
      eventType: CREATED,
      reason: 'Gave up after 3 attempts; the last one answered 500.',
      payload: { webhookId: webhook.id, deliveryId: delivery!.id, event: event('evt-down') },
    });
  });

  it('counts an endpoint that does not answer within the timeout as failed, with the error', async () => {
    receiver.script('/silent', [0]);
    const webhook = await createWebhook('/silent');
    await enqueueDeliveries(app.store, event('evt-silent'));

    const [delivery] = await waitFor(
      () => deliveriesOf(webhook.id),
      (list) => list[0]?.status === 'dead-lettered',
      60_000,
    );
    expect(delivery?.attempts.map((attempt) => attempt.error)).toStrictEqual([
      'did not answer within 1000 ms',
      'did not answer within 1000 ms',
      'did not answer within 1000 ms',
    ]);
    expect(delivery?.attempts.every((attempt) => !('statusCode' in attempt))).toBe(true);
    const letter = await getDeadLetter(app.store, delivery!.deadLetterId!);
    expect(letter?.reason).toBe(
      'Gave up after 3 attempts; the last one did not answer within 1000 ms.',
    );
  });

  it('records a refused connection as the error of the attempt', async () => {
    const closed = await startTestReceiver();
    await closed.close();
    const created = await platform.POST('/webhooks', {
      body: { url: `${closed.url}/gone`, eventTypes: [CREATED] },
    });
    const webhook = created.data!;
    await enqueueDeliveries(app.store, event('evt-refused'));

    const [delivery] = await waitFor(
      () => deliveriesOf(webhook.id),
      (list) => list[0]?.status === 'dead-lettered',
    );
    expect(delivery?.attempts.map((attempt) => attempt.error)).toStrictEqual([
      'failed to connect (ECONNREFUSED)',
      'failed to connect (ECONNREFUSED)',
      'failed to connect (ECONNREFUSED)',
    ]);
  });

  it('queues nothing for a disabled webhook', async () => {
    const webhook = await createWebhook('/disabled');
    await platform.PATCH('/webhooks/{webhookId}', {
      params: { path: { webhookId: webhook.id } },
      body: { enabled: false },
      headers: MERGE_PATCH,
    });
    await enqueueDeliveries(app.store, event('evt-disabled'));
    expect(await deliveriesOf(webhook.id)).toStrictEqual([]);
  });

  it('replays a dead-lettered delivery as a new one, and refuses to replay a pending one', async () => {
    receiver.script('/later', [503]);
    const webhook = await createWebhook('/later');
    await enqueueDeliveries(app.store, event('evt-later'));
    const [dead] = await waitFor(
      () => deliveriesOf(webhook.id),
      (list) => list[0]?.status === 'dead-lettered',
    );

    receiver.script('/later', [204]);
    const replay = await platform.POST('/webhooks/{webhookId}/deliveries/{deliveryId}/replay', {
      params: { path: { webhookId: webhook.id, deliveryId: dead!.id } },
    });
    expect(replay.response.status).toBe(202);
    expect(replay.data).toStrictEqual({
      id: replay.data!.id,
      webhookId: webhook.id,
      eventId: 'evt-later',
      eventType: CREATED,
      status: 'pending',
      nextAttemptAt: replay.data!.nextAttemptAt,
      replayOf: dead!.id,
      attempts: [],
      createdAt: replay.data!.createdAt,
      updatedAt: replay.data!.createdAt,
    });

    const list = await waitFor(
      () => deliveriesOf(webhook.id),
      (deliveries) => deliveries.find((d) => d.id === replay.data!.id)?.status === 'delivered',
    );
    expect(list.map((d) => d.status)).toStrictEqual(['delivered', 'dead-lettered']);
    expect(await getDeadLetter(app.store, dead!.deadLetterId!)).toMatchObject({ replayCount: 1 });
  });

  it('refuses to replay a delivery that is still pending with 409', async () => {
    const webhook = await createWebhook('/paused');
    const due = Date.now() + 3_600_000;
    // Queued with its first attempt an hour ahead, in one transaction, so no worker sends it first.
    await app.store.transaction(async (tx) => {
      await enqueueDeliveries(tx, event('evt-pending'));
      await webhooksDb(tx)
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: due })
        .where('webhook_id', '=', webhook.id)
        .execute();
    });
    const [pending] = await deliveriesOf(webhook.id);
    const refused = await platform.POST('/webhooks/{webhookId}/deliveries/{deliveryId}/replay', {
      params: { path: { webhookId: webhook.id, deliveryId: pending!.id } },
    });
    expect(refused.response.status).toBe(409);
    expect(refused.error).toStrictEqual({
      type: 'https://junction.dev/errors/conflict',
      title: 'The change conflicts with an existing record',
      status: 409,
      code: 'conflict',
      detail:
        `Delivery '${pending!.id}' is still pending (next attempt at ${new Date(due).toISOString()}); ` +
        'replay it once it is delivered or dead-lettered.',
      instance: `/platform/v1/webhooks/${webhook.id}/deliveries/${pending!.id}/replay`,
      correlationId: refused.response.headers.get('x-correlation-id'),
    });
  });
});
