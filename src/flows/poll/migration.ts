import type { Kysely, Migration } from 'kysely';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/**
 * Migration 0010_pollers: one row of checkpoint and health per poller, and the items each poller
 * has turned into a record, so a re-polled item is recognised.
 */
export const pollersMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await db.schema
      .createTable('poller_states')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('watermark', 'text')
      .addColumn('last_id', 'text')
      .addColumn('failures', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_polled_at', 'text')
      .addColumn('last_success_at', 'text')
      .addColumn('items_handled', 'bigint', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('poller_items')
      .addColumn('poller', 'text', (column) => column.notNull())
      .addColumn('item_id', 'text', (column) => column.notNull())
      .addColumn('record_id', 'text', (column) => column.notNull())
      .addColumn('handled_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('poller_items_pkey', ['poller', 'item_id'])
      .execute();
  },
};

/**
 * Migration 0012_poller_follow_ups: the steps a poll handler left to do after an item's own
 * transaction, such as F7's CRM snapshot, each until it is done; with its attempts and last error.
 */
export const pollerFollowUpsMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await db.schema
      .createTable('poller_follow_ups')
      .addColumn('poller', 'text', (column) => column.notNull())
      .addColumn('step', 'text', (column) => column.notNull())
      .addColumn('item_id', 'text', (column) => column.notNull())
      .addColumn('record_id', 'text', (column) => column.notNull())
      .addColumn('queued_at', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('last_attempt_at', 'text')
      .addPrimaryKeyConstraint('poller_follow_ups_pkey', ['poller', 'step', 'item_id'])
      .execute();
  },
};
