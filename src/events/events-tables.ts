import { PostgresAdapter, sql, type Generated, type Kysely, type Migration } from 'kysely';

import type { Store } from '../store/index.js';

/** One outbox row: an event waiting for the relay, or sent. Timestamps are ISO 8601 UTC text. */
export interface OutboxRow {
  /** Append order; the relay sends the rows of one subject in this order. */
  // bigint: PostgreSQL returns int8 as a string, SQLite as a number.
  position: Generated<number | string>;
  event_id: string;
  subject: string;
  type: string;
  /** The whole CloudEvent as JSON text. */
  event: string;
  created_at: string;
  /** When the bus accepted the event, or the relay dead-lettered it; null while it waits. */
  sent_at: Generated<string | null>;
  attempts: Generated<number>;
  last_error: Generated<string | null>;
}

/** One inbox row: a consumer has handled an event. */
export interface InboxRow {
  consumer: string;
  event_id: string;
  handled_at: string;
}

/** One dead letter: an event a stage could not get through, with the reason. */
export interface DeadLetterRow {
  id: string;
  stage: string;
  consumer: string | null;
  event_id: string | null;
  event_type: string | null;
  /** The payload as JSON text. */
  payload: string;
  reason: string;
  created_at: string;
  replay_count: number;
  replayed_at: string | null;
}

/** The part of the store schema the event tables live in. */
export interface EventsDatabase {
  event_outbox: OutboxRow;
  event_inbox: InboxRow;
  event_dead_letters: DeadLetterRow;
}

/** The store's connection, typed for the event tables this module declares. */
export function eventsDb(store: Pick<Store, 'db'>): Kysely<EventsDatabase> {
  // The store types only the tables it owns; these tables are declared here, beside their migration.
  return store.db as Kysely<EventsDatabase>;
}

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/** Migration 0005_events: the transactional outbox, the consumer inbox and the dead letters. */
export const eventsMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await createOutbox(db);
    await db.schema
      .createTable('event_inbox')
      .addColumn('consumer', 'text', (column) => column.notNull())
      .addColumn('event_id', 'text', (column) => column.notNull())
      .addColumn('handled_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('event_inbox_pkey', ['consumer', 'event_id'])
      .execute();
    await createDeadLetters(db);
  },
};

async function createOutbox(db: MigrationDb): Promise<void> {
  // An ever-growing position: bigserial on PostgreSQL, the rowid with AUTOINCREMENT on SQLite.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('event_outbox')
    .addColumn('position', postgres ? 'bigserial' : 'integer', (column) =>
      postgres ? column.primaryKey() : column.primaryKey().autoIncrement(),
    )
    .addColumn('event_id', 'text', (column) => column.notNull().unique())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('type', 'text', (column) => column.notNull())
    .addColumn('event', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('event_outbox_unsent_idx')
    .on('event_outbox')
    .column('position')
    .where(sql.ref('sent_at'), 'is', null)
    .execute();
}

async function createDeadLetters(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('event_dead_letters')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('stage', 'text', (column) => column.notNull())
    .addColumn('consumer', 'text')
    .addColumn('event_id', 'text')
    .addColumn('event_type', 'text')
    .addColumn('payload', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('replay_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('replayed_at', 'text')
    .execute();
  await db.schema
    .createIndex('event_dead_letters_created_at_id_idx')
    .on('event_dead_letters')
    .columns(['created_at', 'id'])
    .execute();
}
