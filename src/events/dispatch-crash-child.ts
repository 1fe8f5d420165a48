/**
 * One relaying process of the dispatch crash test: relays the outbox of the database in
 * JUNCTION_CRASH_STORE (StoreOptions as JSON) into a bus whose consumer records each event once
 * through the inbox, and exits 0 once the outbox is empty and JUNCTION_CRASH_EVENTS events are
 * handled. The bus is embedded, or NATS JetStream when JUNCTION_CRASH_NATS holds `{ url, stream }`
 * as JSON. The test kills it midway.
 */
import { sql } from 'kysely';

import { createLogger, type Logger } from '../observability/logger.js';
import { openStore, type Store, type StoreOptions } from '../store/index.js';
import type { EventBus } from './bus.js';
import { createEmbeddedBus } from './embedded-bus.js';
import { handleOnce } from './inbox.js';
import { countPendingEvents } from './outbox.js';
import { createNatsBus } from './nats/index.js';
import { startOutboxRelay } from './outbox-relay.js';

/** The consumer of the crash test. */
const CRASH_CONSUMER = 'crash-recorder';

/** Creates the side-effect tables of the crash test when they are missing. */
async function createCrashTables(store: Store): Promise<void> {
  await store.db.schema
    .createTable('crash_deliveries')
    .ifNotExists()
    .addColumn('event_id', 'text', (column) => column.notNull())
    .execute();
  await store.db.schema
    .createTable('crash_effects')
    .ifNotExists()
    .addColumn('event_id', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .execute();
}

async function handledCount(store: Store): Promise<number> {
  const { rows } = await sql<{ count: string | number }>`
    select count(*) as count from event_inbox where consumer = ${CRASH_CONSUMER}`.execute(store.db);
  return Number(rows[0]?.count ?? 0);
}

async function openBus(store: Store, logger: Logger): Promise<EventBus> {
  const nats = process.env.JUNCTION_CRASH_NATS;
  if (nats === undefined) return createEmbeddedBus({ store, logger });
  const { url, stream } = JSON.parse(nats) as { url: string; stream: string };
  // A short ack wait, so what the killed process took and never acknowledged comes back soon.
  return createNatsBus({ url, stream, logger, redelivery: { ackWaitMs: 2_000 } });
}

async function main(): Promise<void> {
  const options = JSON.parse(process.env.JUNCTION_CRASH_STORE ?? '{}') as StoreOptions;
  const expected = Number(process.env.JUNCTION_CRASH_EVENTS);
  const store = await openStore(options);
  await createCrashTables(store);
  const logger = createLogger('warn');
  const inner = await openBus(store, logger);
  // Every publish is a delivery: a row republished after a crash counts again.
  const bus: EventBus = {
    ...inner,
    async publish(event) {
      await sql`insert into crash_deliveries (event_id) values (${event.id})`.execute(store.db);
      await inner.publish(event);
    },
  };
  await bus.subscribe({
    name: CRASH_CONSUMER,
    types: [],
    async handle(event) {
      await handleOnce(store, CRASH_CONSUMER, event.id, async (tx) => {
        await sql`insert into crash_effects (event_id, subject) values (${event.id}, ${event.subject})`.execute(
          tx.db,
        );
      });
    },
  });
  const relay = startOutboxRelay({ store, bus, logger, pollIntervalMs: 50, leaseTtlMs: 1_500 });
  while ((await countPendingEvents(store)) > 0 || (await handledCount(store)) < expected) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await relay.stop();
  await bus.close();
  await store.close();
}

await main();
