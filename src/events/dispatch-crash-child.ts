/**
 * One relaying process of the dispatch crash test: relays the outbox of the database in
 * JUNCTION_CRASH_STORE (StoreOptions as JSON) into an embedded bus whose consumer records each
 * event once through the inbox, and exits 0 once the outbox is empty. The test kills it midway.
 */
import { sql } from 'kysely';

import { createLogger } from '../observability/logger.js';
import { openStore, type Store, type StoreOptions } from '../store/index.js';
import type { EventBus } from './bus.js';
import { createEmbeddedBus } from './embedded-bus.js';
import { handleOnce } from './inbox.js';
import { countPendingEvents } from './outbox.js';
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

async function main(): Promise<void> {
  const options = JSON.parse(process.env.JUNCTION_CRASH_STORE ?? '{}') as StoreOptions;
  const store = await openStore(options);
  await createCrashTables(store);
  const logger = createLogger('warn');
  const embedded = createEmbeddedBus({ store, logger });
  // Every publish is a delivery: a row republished after a crash counts again.
  const bus: EventBus = {
    ...embedded,
    async publish(event) {
      await sql`insert into crash_deliveries (event_id) values (${event.id})`.execute(store.db);
      await embedded.publish(event);
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
  while ((await countPendingEvents(store)) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await relay.stop();
  await bus.close();
  await store.close();
}

await main();
