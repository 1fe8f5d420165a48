import type { Kysely, Migration } from 'kysely';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/**
 * Migration 0011: the tables of the reference flows. `flow_keys` holds one row per business key
 * a flow has claimed (a checkout id, a subscription number and version), so a repeat finds the
 * first run. `flow_incidents` holds what an operator must look at. `journal_entry_transfers` is
 * the audit record of every journal entry written to the ERP.
 */
export const referenceFlowsMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await db.schema
      .createTable('flow_keys')
      .addColumn('flow', 'text', (column) => column.notNull())
      .addColumn('key', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('output', 'text')
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('flow_keys_pkey', ['flow', 'key'])
      .execute();

    await db.schema
      .createTable('flow_incidents')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('flow', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('correlation_id', 'text', (column) => column.notNull())
      .addColumn('subject', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('dead_letter_id', 'text')
      .addColumn('opened_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createIndex('flow_incidents_run_id_idx')
      .on('flow_incidents')
      .column('run_id')
      .execute();

    await db.schema
      .createTable('journal_entry_transfers')
      .addColumn('journal_entry_number', 'text', (column) => column.primaryKey())
      .addColumn('journal_run_number', 'text', (column) => column.notNull())
      .addColumn('erp_location', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('correlation_id', 'text', (column) => column.notNull())
      .addColumn('debit_total', 'text', (column) => column.notNull())
      .addColumn('currency', 'text', (column) => column.notNull())
      .addColumn('transferred_at', 'text', (column) => column.notNull())
      .execute();
  },
};
