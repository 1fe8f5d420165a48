import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { createLogger } from '../observability/logger.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import type { EventBus } from './bus.js';
import { listDeadLetters } from './dead-letters.js';
import type { CloudEvent } from './envelope.js';
import { appendToOutbox, countPendingEvents } from './outbox.js';
import { startOutboxRelay, type OutboxRelay } from './outbox-relay.js';
import { orderCreatedEvent, waitFor } from './test-events.js';

const logger = createLogger('silent');

/** A bus that records what it accepted and refuses the first `failures[id]` publishes of an id. */
function recordingBus(failures: Record<string, number> = {}) {
  const published: string[] = [];
  const bus: EventBus = {
    kind: 'embedded',
    publish(event) {
      const left = failures[event.id] ?? 0;
      if (left > 0) {
        failures[event.id] = left - 1;
        return Promise.reject(new Error(`the bus refused ${event.id}`));
      }
      published.push(event.id);
      return Promise.resolve();
    },
    subscribe: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
  return { bus, published };
}

function relaySuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`the outbox relay on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    const relays: OutboxRelay[] = [];
    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
    });
    afterAll(async () => {
      await Promise.all(relays.map((relay) => relay.stop()));
      await store.close();
      await database.drop();
    });
    const start = (bus: EventBus, holder: string, pollIntervalMs = 20) => {
      const relay = startOutboxRelay({ store, bus, logger, holder, pollIntervalMs });
      relays.push(relay);
      return relay;
    };
    const append = (events: CloudEvent[]) => store.transaction((tx) => appendToOutbox(tx, events));
    const drained = () => countPendingEvents(store).then((count) => count === 0);

    it('holds back the later rows of a subject behind a failing row, not other subjects', async () => {
      const { bus, published } = recordingBus({ a1: 2 });
      await append([
        orderCreatedEvent('a1', 'a'),
        orderCreatedEvent('a2', 'a'),
        orderCreatedEvent('b1', 'b'),
      ]);
      const relay = start(bus, 'ordering');
      await waitFor('the outbox to drain', drained);
      await relay.stop();
      expect(published).toStrictEqual(['b1', 'a1', 'a2']);
    });

    it('lets the process do other work between batches while it drains a backlog', async () => {
      const { bus, published } = recordingBus();
      const backlog = Array.from({ length: 2_000 }, (_, n) =>
        orderCreatedEvent(`backlog-${n}`, `backlog-${n % 50}`),
      );
      for (let at = 0; at < backlog.length; at += 500) await append(backlog.slice(at, at + 500));
      const relay = start(bus, 'yielding');
      await new Promise((resolve) => setImmediate(resolve));
      const whileDraining = published.length;
      await waitFor('the outbox to drain', drained);
      await relay.stop();
      expect(whileDraining).toBeLessThan(backlog.length);
      expect(published).toHaveLength(backlog.length);
    });

    it('dead-letters a row whose event breaks its schema and goes on with its subject', async () => {
      const { bus, published } = recordingBus();
      const broken = { ...orderCreatedEvent('c1', 'c'), time: 'yesterday' };
      await append([broken, orderCreatedEvent('c2', 'c')]);
      const relay = start(bus, 'validating');
      await waitFor('the outbox to drain', drained);
      await relay.stop();

      expect(published).toStrictEqual(['c2']);
      const letters = await listDeadLetters(store, { limit: 10, stage: 'publish' });
      expect(letters.items.map(({ id: _id, createdAt: _at, ...letter }) => letter)).toStrictEqual([
        {
          stage: 'publish',
          eventId: 'c1',
          eventType: 'com.junction.canonical.order.created.v1',
          payload: broken,
          reason:
            'the event breaks its schema: expected com.junction.canonical.order.created.v1 to ' +
            'follow the OrderCreated payload schema, got /time must match format "date-time"',
          replayCount: 0,
        },
      ]);
    });

    it('relays from one process at a time, and from a stand-by once the first stops', async () => {
      const first = recordingBus();
      const second = recordingBus();
      const leader = start(first.bus, 'first');
      await append([orderCreatedEvent('d1'), orderCreatedEvent('d2')]);
      await waitFor('the outbox to drain', drained);
      const standBy = start(second.bus, 'second');
      await append([orderCreatedEvent('d3')]);
      await waitFor('the outbox to drain', drained);
      await leader.stop();
      await append([orderCreatedEvent('d4')]);
      await waitFor('the outbox to drain', drained);
      await standBy.stop();

      expect([first.published, second.published]).toStrictEqual([['d1', 'd2', 'd3'], ['d4']]);
    });

    it('wakes when this process appends, without waiting for its next poll', async () => {
      const { bus, published } = recordingBus();
      await append([orderCreatedEvent('e0')]);
      const relay = start(bus, 'woken', 600_000);
      await waitFor('e0 to be published by the first poll', () => published.includes('e0'));
      await append([orderCreatedEvent('e1')]);
      await waitFor('e1 to be published', () => published.includes('e1'));
      await relay.stop();
    });
  });
}

relaySuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'the outbox relay on PostgreSQL', (url) =>
  relaySuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
