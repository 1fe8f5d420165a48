import type { CloudEvent } from '../../src/events/envelope.js';
import { appendToOutbox, markSent, readPendingEvents } from '../../src/events/outbox.js';
import { checkEvent } from '../../src/events/validation.js';
import { openStore } from '../../src/store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
} from '../../src/store/test-databases.js';

/** Milliseconds the AsyncAPI schema check of the relay takes over `events`, one by one. */
export function schemaCheckRound(events: readonly CloudEvent[]): Promise<number> {
  const started = performance.now();
  for (const event of events) {
    const invalid = checkEvent(event);
    if (invalid !== undefined) throw new Error(`expected a valid bench event, got: ${invalid}`);
  }
  return Promise.resolve(performance.now() - started);
}

/**
 * Milliseconds the relay's database work takes without publishing: reading the pending rows
 * `batchSize` at a time and marking each batch sent, until the outbox is empty. PostgreSQL when
 * `adminUrl` is given, else SQLite.
 */
export async function outboxWorkRound(
  events: readonly CloudEvent[],
  batchSize: number,
  adminUrl?: string,
): Promise<number> {
  const database =
    adminUrl === undefined
      ? await createSqliteTestDatabase()
      : await createPostgresTestDatabase(adminUrl);
  const store = await openStore(database.options);
  try {
    for (let start = 0; start < events.length; start += 500) {
      const chunk = events.slice(start, start + 500);
      await store.transaction((tx) => appendToOutbox(tx, chunk));
    }
    const started = performance.now();
    for (;;) {
      const pending = await readPendingEvents(store, batchSize);
      if (pending.length === 0) break;
      await markSent(
        store,
        pending.map((row) => row.position),
      );
    }
    return performance.now() - started;
  } finally {
    await store.close();
    await database.drop();
  }
}
