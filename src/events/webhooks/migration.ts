import type { Kysely, Migration } from 'kysely';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/**
 * Migration 0006_webhooks: outbound webhooks (subscriptions, queued deliveries and their
 * attempts) and the ids of inbound webhooks already accepted, which refuse replays.
 */
export const webhooksMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await createWebhooks(db);
    await createDeliveries(db);
    await createAttempts(db);
    await createInboundSeen(db);
  },
};

async function createWebhooks(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('event_types', 'text', (column) => column.notNull())
    .addColumn('description', 'text')
    .addColumn('enabled', 'integer', (column) => column.notNull())
    .addColumn('secret', 'text', (column) => column.notNull())
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await createIndex(db, 'webhooks', ['created_at', 'id']);
}

async function createDeliveries(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('webhook_id', 'text', (column) => column.notNull())
    .addColumn('event_id', 'text', (column) => column.notNull())
    .addColumn('event_type', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('leased_by', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('dead_letter_id', 'text')
    .addColumn('replay_of', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .execute();
  await createIndex(db, 'webhook_deliveries', ['webhook_id', 'created_at', 'id']);
  await createIndex(db, 'webhook_deliveries', ['status', 'next_attempt_at']);
}

async function createAttempts(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('webhook_delivery_attempts')
    .addColumn('delivery_id', 'text', (column) => column.notNull())
    .addColumn('attempt', 'integer', (column) => column.notNull())
    .addColumn('started_at', 'text', (column) => column.notNull())
    .addColumn('duration_ms', 'integer', (column) => column.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('next_attempt_at', 'text')
    .addPrimaryKeyConstraint('webhook_delivery_attempts_pkey', ['delivery_id', 'attempt'])
    .execute();
}

async function createInboundSeen(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('webhook_inbound_seen')
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('webhook_id', 'text', (column) => column.notNull())
    .addColumn('seen_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('webhook_inbound_seen_pkey', ['source', 'webhook_id'])
    .execute();
  await createIndex(db, 'webhook_inbound_seen', ['seen_at']);
}

async function createIndex(db: MigrationDb, table: string, columns: string[]): Promise<void> {
  const name = `${table}_${columns.join('_')}_idx`;
  await db.schema.createIndex(name).on(table).columns(columns).execute();
}
