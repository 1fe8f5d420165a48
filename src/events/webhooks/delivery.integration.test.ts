import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, testDialects, type RunningApp } from '../../../test/running-app.js';
import { createLogger } from '../../observability/logger.js';
import type { StartedComponent } from '../../runtime/components.js';
import { openStore, type Store } from '../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../store/test-databases.js';
import { createEmbeddedBus } from '../embedded-bus.js';
import type { EventBus } from '../bus.js';
import type { CloudEvent } from '../envelope.js';
import { orderCreatedEvent } from '../test-events.js';
import { enqueueDeliveries } from './deliveries.js';
import { listDeliveries } from './delivery-log.js';
import { startTestReceiver, waitFor, type TestReceiver } from './test-receiver.js';
import { webhooksComponent } from './webhooks-component.js';
import { createWebhook } from './webhooks.js';

const ORDER_CREATED = 'com.junction.canonical.order.created.v1';
const SETTINGS = {
  JUNCTION_WEBHOOK_RETRY_SCHEDULE: '20ms,40ms',
  JUNCTION_WEBHOOK_POLL_MS: '20',
  JUNCTION_WEBHOOK_TIMEOUT_MS: '10000',
};

const quiet = createLogger('error', new Writable({ write: (_chunk, _encoding, done) => done() }));

function openTestDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (dialect === 'sqlite') return createSqliteTestDatabase();
  return createPostgresTestDatabase(process.env.DATABASE_URL!);
}

describe.each(testDialects())('the webhooks consumer on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let bus: EventBus;
  let component: StartedComponent;
  let receiver: TestReceiver;

  beforeAll(async () => {
    receiver = await startTestReceiver();
    database = await openTestDatabase(dialect);
    store = await openStore(database.options);
    bus = createEmbeddedBus({ store, logger: quiet });
    component = await webhooksComponent.start({
      store,
      logger: quiet,
      env: SETTINGS,
      projectDir: process.cwd(),
      services: { bus },
    });
  });
  afterAll(async () => {
    await component.stop();
    await bus.close();
    await store.close();
    await database.drop();
    await receiver.close();
  });

  it('queues one delivery per event for each webhook whose filter names its type, once', async () => {
    const orders = await createWebhook(store, {
      url: `${receiver.url}/orders`,
      eventTypes: [ORDER_CREATED],
    });
    const other = await createWebhook(store, {
      url: `${receiver.url}/other`,
      eventTypes: ['com.junction.canonical.invoice.posted.v1'],
    });
    const event = orderCreatedEvent('evt-bus-1');
    await bus.publish(event);
    await bus.publish(event);

    const page = await waitFor(
      () => listDeliveries(store, orders.id, { limit: 10 }),
      (found) => found.items[0]?.status === 'delivered',
    );
    expect(page.items.map((delivery) => delivery.eventId)).toStrictEqual(['evt-bus-1']);
    expect((await listDeliveries(store, other.id, { limit: 10 })).items).toStrictEqual([]);
    const posts = receiver.received.filter((request) => request.path === '/orders');
    expect(posts.map((post) => JSON.parse(post.body.toString('utf8')) as CloudEvent)).toStrictEqual(
      [event],
    );
  });
});

describe.each(testDialects())('two processes delivering from one %s database', (dialect) => {
  let first: RunningApp;
  let second: RunningApp;
  let receiver: TestReceiver;

  beforeAll(async () => {
    Object.assign(process.env, SETTINGS);
    receiver = await startTestReceiver();
    first = await startTestApp(dialect);
    second = await startTestApp(dialect, { shareDatabaseOf: first });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
    await receiver.close();
  });

  it('sends every attempt exactly once although both workers poll the same deliveries', async () => {
    receiver.script('/shared', [500, 200]);
    const webhook = await createWebhook(first.store, {
      url: `${receiver.url}/shared`,
      eventTypes: [ORDER_CREATED],
    });
    // The receiver answers 500 to the first request only, so one delivery retries once.
    const count = 30;
    for (let i = 0; i < count; i += 1) {
      await enqueueDeliveries(first.store, orderCreatedEvent(`evt-shared-${dialect}-${i}`));
    }

    const page = await waitFor(
      () => listDeliveries(first.store, webhook.id, { limit: 100 }),
      (found) => found.items.length === count && found.items.every((d) => d.status === 'delivered'),
      60_000,
    );
    const attempts = page.items.flatMap((delivery) => delivery.attempts);
    const posts = receiver.received.filter((request) => request.path === '/shared');
    // Every request sent is one logged attempt: a second worker sending the same attempt would
    // post without logging. A slow answer on a loaded machine may add an attempt of its own.
    expect(posts).toHaveLength(attempts.length);
    expect(attempts.filter((attempt) => attempt.statusCode === 500)).toHaveLength(1);
    expect(attempts.filter((attempt) => attempt.statusCode === 200)).toHaveLength(count);
    const ids = posts.map((post) => post.headers['webhook-id']);
    expect(new Set(ids).size).toBe(count);
    for (const delivery of page.items) {
      expect(delivery.attempts.map((attempt) => attempt.attempt)).toStrictEqual(
        delivery.attempts.map((_attempt, index) => index + 1),
      );
    }
  });
});
