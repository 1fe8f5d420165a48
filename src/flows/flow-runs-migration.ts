import type { Kysely } from 'kysely';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/**
 * Creates the flow-run log: `flow_runs`, one row per saga run, and `flow_run_steps`, one row per
 * step execution or compensation in the order they happened.
 */
export async function createFlowRunTables(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('flow_runs')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('flow', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('correlation_id', 'text', (column) => column.notNull())
    .addColumn('input', 'text', (column) => column.notNull())
    .addColumn('output', 'text')
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (column) => column.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('heartbeat_at', 'text', (column) => column.notNull())
    .execute();
  const indexes = [['started_at', 'id'], ['flow'], ['status', 'heartbeat_at'], ['correlation_id']];
  for (const columns of indexes) {
    await db.schema
      .createIndex(`flow_runs_${columns.join('_')}_idx`)
      .on('flow_runs')
      .columns(columns)
      .execute();
  }

  await db.schema
    .createTable('flow_run_steps')
    .addColumn('run_id', 'text', (column) => column.notNull())
    .addColumn('seq', 'integer', (column) => column.notNull())
    .addColumn('step', 'text', (column) => column.notNull())
    .addColumn('action', 'text', (column) => column.notNull())
    .addColumn('system', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('output', 'text')
    .addColumn('error', 'text')
    .addColumn('events', 'text', (column) => column.notNull())
    .addColumn('started_at', 'text', (column) => column.notNull())
    .addColumn('ended_at', 'text')
    .addPrimaryKeyConstraint('flow_run_steps_pkey', ['run_id', 'seq'])
    .execute();
}
