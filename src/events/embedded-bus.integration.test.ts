import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { createLogger } from '../observability/logger.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import type { Consumer } from './bus.js';
import { listDeadLetters } from './dead-letters.js';
import { createEmbeddedBus } from './embedded-bus.js';
import type { CloudEvent } from './envelope.js';
import { handleOnce } from './inbox.js';
import { orderCreatedEvent } from './test-events.js';

const ORDER_CREATED = 'com.junction.canonical.order.created.v1';
const logger = createLogger('silent');

function recording(name: string, types: readonly string[] = []) {
  const handled: string[] = [];
  const consumer: Consumer = {
    name,
    types,
    handle(event) {
      handled.push(event.id);
      return Promise.resolve();
    },
  };
  return { consumer, handled };
}

function busSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`the embedded bus on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });
    const newBus = () =>
      createEmbeddedBus({ store, logger, retry: { retryDelayMs: 1, maxRetryDelayMs: 4 } });

    it('hands each event to the consumers of its type before publish resolves', async () => {
      const bus = newBus();
      const orders = recording('orders', [ORDER_CREATED]);
      const everything = recording('everything');
      const invoices = recording('invoices', ['com.junction.canonical.invoice.paid.v1']);
      for (const { consumer } of [orders, everything, invoices]) await bus.subscribe(consumer);

      await bus.publish(orderCreatedEvent('bus-1'));
      expect([orders.handled, everything.handled, invoices.handled]).toStrictEqual([
        ['bus-1'],
        ['bus-1'],
        [],
      ]);
      await bus.close();
    });

    it('dead-letters the event of a consumer that always throws after its attempts', async () => {
      const bus = newBus();
      const attempts: number[] = [];
      await bus.subscribe({
        name: 'always-throws',
        types: [],
        handle: (_event, delivery) => {
          attempts.push(delivery.attempt);
          return Promise.reject(new Error('the ledger is closed'));
        },
      });
      const healthy = recording('healthy');
      await bus.subscribe(healthy.consumer);

      await bus.publish(orderCreatedEvent('bus-2'));
      expect(attempts).toStrictEqual([1, 2, 3, 4, 5]);
      expect(healthy.handled).toStrictEqual(['bus-2']);
      const letters = await listDeadLetters(store, { limit: 10, consumer: 'always-throws' });
      expect(letters.items.map(({ id: _id, createdAt: _at, ...letter }) => letter)).toStrictEqual([
        {
          stage: 'consume',
          consumer: 'always-throws',
          eventId: 'bus-2',
          eventType: ORDER_CREATED,
          payload: orderCreatedEvent('bus-2'),
          reason: 'consumer "always-throws" failed 5 times; last: the ledger is closed',
          replayCount: 0,
        },
      ]);
      await bus.close();
    });

    it('dead-letters an event that breaks its schema and goes on with the next', async () => {
      const bus = newBus();
      const strict = recording('strict-reader');
      await bus.subscribe(strict.consumer);
      const broken: CloudEvent = { ...orderCreatedEvent('bus-3'), subject: 'invoices/1' };

      await bus.publish(broken);
      await bus.publish(orderCreatedEvent('bus-4'));
      expect(strict.handled).toStrictEqual(['bus-4']);
      const letters = await listDeadLetters(store, { limit: 10, consumer: 'strict-reader' });
      expect(letters.items.map((letter) => [letter.eventId, letter.reason])).toStrictEqual([
        [
          'bus-3',
          'the event breaks its schema: expected com.junction.canonical.order.created.v1 to ' +
            'follow the OrderCreated payload schema, got /subject must match pattern ' +
            '"^orders/[^/]+$"',
        ],
      ]);
      await bus.close();
    });

    it('skips an event the consumer inbox shows handled', async () => {
      const bus = newBus();
      const effects: string[] = [];
      await bus.subscribe({
        name: 'once-only',
        types: [],
        handle: async (event) => {
          await handleOnce(store, 'once-only', event.id, () => {
            effects.push(event.id);
            return Promise.resolve();
          });
        },
      });
      await bus.publish(orderCreatedEvent('bus-5'));
      await bus.publish(orderCreatedEvent('bus-5'));
      expect(effects).toStrictEqual(['bus-5']);
      await bus.close();
    });

    it('stops delivering to a stopped subscription and refuses to publish once closed', async () => {
      const bus = newBus();
      const stopped = recording('stopped');
      const subscription = await bus.subscribe(stopped.consumer);
      await subscription.stop();
      await bus.publish(orderCreatedEvent('bus-6'));
      expect(stopped.handled).toStrictEqual([]);
      await bus.close();
      await expect(bus.publish(orderCreatedEvent('bus-7'))).rejects.toThrow(
        'expected an open bus to publish bus-7, but it is closed',
      );
    });
  });
}

busSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'the embedded bus on PostgreSQL', (url) =>
  busSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
