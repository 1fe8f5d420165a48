import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../../test/services.js';
import { openStore, type Store } from '../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../store/test-databases.js';
import type { EventBus } from '../bus.js';
import { appendToOutbox, countPendingEvents, readPendingEvents } from '../outbox.js';
import { startOutboxRelay, type OutboxRelay } from '../outbox-relay.js';
import { orderCreatedEvent } from '../test-events.js';
import { createNatsBus } from './nats-bus.js';
import { startTestNatsServer, type TestNatsServer } from './test-nats-server.js';
import { recordingConsumer, silentLogger, testStreamName, waitUntil } from './test-support.js';

function outageSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`the outbox relay on NATS while NATS is down, on ${name}`, () => {
    let server: TestNatsServer;
    let database: TestDatabase;
    let store: Store;
    let bus: EventBus;
    let relay: OutboxRelay;
    const consumer = recordingConsumer('ledger', []);

    beforeAll(async () => {
      server = await startTestNatsServer();
      database = await create();
      store = await openStore(database.options);
      bus = await createNatsBus({
        url: server.url,
        stream: testStreamName(),
        logger: silentLogger,
        publishTimeoutMs: 500,
        reconnectWaitMs: 100,
      });
      await bus.subscribe(consumer);
      relay = startOutboxRelay({ store, bus, logger: silentLogger, pollIntervalMs: 50 });
    });

    afterAll(async () => {
      await relay.stop();
      await bus.close();
      await store.close();
      await database.drop();
      await server.remove();
    });

    const append = (ids: string[]) =>
      store.transaction((tx) =>
        appendToOutbox(
          tx,
          ids.map((id) => orderCreatedEvent(id, 'ord-outage')),
        ),
      );

    it('keeps events in the outbox while NATS is down and delivers them once it is back', async () => {
      await append(['evt-before']);
      await waitUntil('the event before the outage', () => consumer.received.length === 1);

      await server.kill();
      await append(['evt-during-1', 'evt-during-2']);
      await waitUntil('a failed publish recorded on the outbox row', async () => {
        const pending = await readPendingEvents(store, 10);
        return pending.length === 2 && (pending[0]?.attempts ?? 0) > 0;
      });
      const waiting = (await readPendingEvents(store, 10)).map((row) => row.event.id);

      await server.start();
      await waitUntil('the events from the outage', () => consumer.received.length === 3, 60_000);
      await waitUntil('an empty outbox', async () => (await countPendingEvents(store)) === 0);

      expect({ waiting, received: consumer.received }).toStrictEqual({
        waiting: ['evt-during-1', 'evt-during-2'],
        received: [
          { id: 'evt-before', attempt: 1 },
          { id: 'evt-during-1', attempt: 1 },
          { id: 'evt-during-2', attempt: 1 },
        ],
      });
    });
  });
}

outageSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'the outbox relay on NATS while NATS is down, on PostgreSQL', (url) =>
  outageSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
