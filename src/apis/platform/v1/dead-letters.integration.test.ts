import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPlatformV1Client } from '../../../../generated/platform-v1/client.js';
import { startTestApp, testDialects } from '../../../../test/running-app.js';
import type { RunningApp } from '../../../../test/running-app.js';
import { recordDeadLetter } from '../../../events/dead-letters.js';
import { hasHandled } from '../../../events/inbox.js';
import { countPendingEvents } from '../../../events/outbox.js';
import { orderCreatedEvent, waitFor } from '../../../events/test-events.js';
import { createAdminKey } from '../../../store/platform/index.js';

const ORDER_CREATED = 'com.junction.canonical.order.created.v1';

describe.each(testDialects())('the dead letters of the platform API on %s', (dialect) => {
  let app: RunningApp;
  let viewer: ReturnType<typeof createPlatformV1Client>;
  let operator: ReturnType<typeof createPlatformV1Client>;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    const clientAs = async (role: 'viewer' | 'operator') => {
      const { key } = await createAdminKey(app.store, { name: `${role} tests`, role });
      return createPlatformV1Client(app.url, { headers: { 'X-Admin-Key': key } });
    };
    viewer = await clientAs('viewer');
    operator = await clientAs('operator');
  });
  afterAll(() => app.close());

  const letter = (id: string, fields: { stage: string; consumer?: string; payload: unknown }) =>
    recordDeadLetter(app.store, {
      eventId: id,
      eventType: ORDER_CREATED,
      reason: `gave up on ${id}`,
      ...fields,
    });
  const replay = (deadLetterId: string, as = operator) =>
    as.POST('/dead-letters/{deadLetterId}/replay', { params: { path: { deadLetterId } } });

  it('lists dead letters to a viewer, filtered by stage and consumer, and gets one', async () => {
    const published = await letter('dl-1', {
      stage: 'publish',
      payload: orderCreatedEvent('dl-1'),
    });
    const consumed = await letter('dl-2', {
      stage: 'consume',
      consumer: 'webhooks',
      payload: orderCreatedEvent('dl-2'),
    });

    const byStage = await viewer.GET('/dead-letters', { params: { query: { stage: 'publish' } } });
    expect(byStage.data?.data.map((item) => item.id)).toContain(published);
    expect(byStage.data?.data.map((item) => item.id)).not.toContain(consumed);
    const byConsumer = await viewer.GET('/dead-letters', {
      params: { query: { consumer: 'webhooks' } },
    });
    expect(byConsumer.data?.data.map((item) => item.id)).toStrictEqual([consumed]);

    const one = await viewer.GET('/dead-letters/{deadLetterId}', {
      params: { path: { deadLetterId: consumed } },
    });
    expect(one.data).toStrictEqual({
      id: consumed,
      stage: 'consume',
      consumer: 'webhooks',
      eventId: 'dl-2',
      eventType: ORDER_CREATED,
      payload: orderCreatedEvent('dl-2'),
      reason: 'gave up on dl-2',
      createdAt: one.data?.createdAt,
      replayCount: 0,
    });
  });

  it('answers 404 for a dead letter that does not exist', async () => {
    const missing = 'dlq_00000000000000000000000000000000';
    const answer = await viewer.GET('/dead-letters/{deadLetterId}', {
      params: { path: { deadLetterId: missing } },
    });
    expect(answer.response.status).toBe(404);
    expect(answer.error).toMatchObject({
      code: 'not-found',
      detail: `No dead letter has id '${missing}'.`,
    });
  });

  it('lets an operator, not a viewer, replay a dead letter back to the bus', async () => {
    const id = await letter('dl-3', { stage: 'publish', payload: orderCreatedEvent('dl-3') });
    expect((await replay(id, viewer)).response.status).toBe(403);

    const replayed = await replay(id);
    expect(replayed.response.status).toBe(202);
    expect(replayed.data?.replayCount).toBe(1);
    await waitFor('the relay to publish the replayed event', async () => {
      const pending = await countPendingEvents(app.store);
      return pending === 0 && (await hasHandled(app.store, 'webhooks', 'dl-3'));
    });
  });

  it('replays a consume dead letter to its consumer in this process', async () => {
    const id = await letter('dl-4', {
      stage: 'consume',
      consumer: 'webhooks',
      payload: orderCreatedEvent('dl-4'),
    });
    expect((await replay(id)).response.status).toBe(202);
    expect(await hasHandled(app.store, 'webhooks', 'dl-4')).toBe(true);
  });

  it('refuses with 409 an event that still breaks its schema, or a consumer not running', async () => {
    const broken = await letter('dl-5', {
      stage: 'publish',
      payload: { ...orderCreatedEvent('dl-5'), subject: 'invoices/1' },
    });
    const elsewhere = await letter('dl-6', {
      stage: 'consume',
      consumer: 'ledger-sync',
      payload: orderCreatedEvent('dl-6'),
    });
    const answers = [await replay(broken), await replay(elsewhere)];
    expect(answers.map((answer) => [answer.response.status, answer.error?.detail])).toStrictEqual([
      [
        409,
        `Dead letter '${broken}' still breaks its schema (expected ` +
          'com.junction.canonical.order.created.v1 to follow the OrderCreated payload schema, got ' +
          '/subject must match pattern "^orders/[^/]+$"); it can be replayed once the event ' +
          'schema admits it.',
      ],
      [
        409,
        `Consumer 'ledger-sync' of dead letter '${elsewhere}' does not run in this process; ` +
          'replay it where the consumer is subscribed.',
      ],
    ]);
  });
});
