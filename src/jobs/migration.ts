import type { Kysely, Migration } from 'kysely';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/**
 * Migration 0007_jobs: one row per asynchronous job (its status, progress, checkpoint and lease),
 * the chunks of each import's upload, and one row per input row a job rejected, for its report.
 */
export const jobsMigration: Migration = {
  async up(db: MigrationDb): Promise<void> {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('entity', 'text', (column) => column.notNull())
      .addColumn('format', 'text', (column) => column.notNull())
      .addColumn('options', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('cancel_requested', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('rows_read', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('rows_accepted', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('rows_rejected', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('bytes_read', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('upload_bytes', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('checkpoint_row', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('holder', 'text')
      .addColumn('lease_expires_at', 'bigint')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('jobs_status_idx').on('jobs').columns(['status']).execute();
    await db.schema
      .createIndex('jobs_created_at_id_idx')
      .on('jobs')
      .columns(['created_at', 'id'])
      .execute();

    await db.schema
      .createTable('job_uploads')
      .addColumn('job_id', 'text', (column) => column.notNull())
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('data', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('job_uploads_pkey', ['job_id', 'seq'])
      .execute();

    await db.schema
      .createTable('job_rejections')
      .addColumn('job_id', 'text', (column) => column.notNull())
      .addColumn('line', 'bigint', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('job_rejections_pkey', ['job_id', 'line'])
      .execute();
  },
};
