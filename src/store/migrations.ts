import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

import { contextRecordsMigration } from '../apis/finance/context-records-migration.js';
import { eventsMigration } from '../events/events-tables.js';
import { webhooksMigration } from '../events/webhooks/migration.js';
import { jobsMigration } from '../jobs/migration.js';
import { pollerFollowUpsMigration, pollersMigration } from '../flows/poll/migration.js';
import { referenceFlowsMigration } from '../flows/reference/reference-flows-migration.js';
import { idempotencyAndFlowRunsMigration } from '../runtime/idempotency-migration.js';
import { leasesMigration } from './leases.js';
import { platformMigration } from './platform/migration.js';
import { createRecordTable } from './record-table-schema.js';
import { recordTableNames, recordTables } from './record-tables.js';
import { signingKeysMigration } from './signing-keys.js';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/**
 * Migration 0001 builds every table declared in `recordTables`. Once a database
 * has run it, a change to those declarations needs a new migration, not an edit here.
 */
const createRecordTables: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await db.schema
      .createTable('sequences')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('value', 'bigint', (column) => column.notNull())
      .execute();
    for (const table of recordTableNames) await createRecordTable(db, table, recordTables[table]);
  },
};

/** Every store migration by name; names sort in the order they run. */
export const storeMigrations: Readonly<Record<string, Migration>> = {
  '0001_create_record_tables': createRecordTables,
  '0002_platform': platformMigration,
  '0003_gateway_signing_keys': signingKeysMigration,
  '0004_leases': leasesMigration,
  '0005_events': eventsMigration,
  '0006_webhooks': webhooksMigration,
  '0007_jobs': jobsMigration,
  '0008_idempotency_and_flow_runs': idempotencyAndFlowRunsMigration,
  '0009_context_records': contextRecordsMigration,
  '0010_pollers': pollersMigration,
  '0011_reference_flows': referenceFlowsMigration,
  '0012_poller_follow_ups': pollerFollowUpsMigration,
};

/** Migrates to the latest migration; a failure throws an error naming the failed migration. */
export async function migrateToLatest(
  db: MigrationDb,
  migrations: Readonly<Record<string, Migration>> = storeMigrations,
): Promise<void> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve({ ...migrations }) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error === undefined) return;

  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const detail = error instanceof Error ? error.message : JSON.stringify(error);
  const subject = failed === undefined ? 'migrating the database' : `migration "${failed}"`;
  throw new Error(`${subject} failed: ${detail}`, { cause: error });
}
