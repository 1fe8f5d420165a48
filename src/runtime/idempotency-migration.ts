import type { Kysely, Migration } from 'kysely';

import { createFlowRunTables } from '../flows/flow-runs-migration.js';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/**
 * Migration 0008_idempotency_and_flow_runs: `idempotency_keys`, one row per claimed key of one
 * caller on one operation, and the flow-run log of sagas.
 */
export const idempotencyAndFlowRunsMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('api', 'text', (column) => column.notNull())
      .addColumn('operation', 'text', (column) => column.notNull())
      .addColumn('caller', 'text', (column) => column.notNull())
      .addColumn('key', 'text', (column) => column.notNull())
      .addColumn('claim', 'text', (column) => column.notNull())
      .addColumn('fingerprint', 'text', (column) => column.notNull())
      .addColumn('response', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pkey', ['api', 'operation', 'caller', 'key'])
      .execute();
    await db.schema
      .createIndex('idempotency_keys_expires_at_idx')
      .on('idempotency_keys')
      .column('expires_at')
      .execute();
    await createFlowRunTables(db);
  },
};
