import type { Kysely } from 'kysely';

import type { RecordTableDeclaration } from './record-tables.js';

// Migrations receive Kysely<any> by Kysely's own contract: they run before the schema exists.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MigrationDb = Kysely<any>;

/** Creates one record table with its business key, filter columns and their indexes. */
export async function createRecordTable(
  db: MigrationDb,
  table: string,
  declaration: RecordTableDeclaration,
): Promise<void> {
  const columns = declaration.filters.map((filter) => filter.column);
  let builder = db.schema
    .createTable(table)
    .addColumn('id', 'text', (column) => column.notNull())
    .addColumn('business_key', 'text')
    .addColumn('created_at', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addPrimaryKeyConstraint(`${table}_pkey`, ['id'])
    .addUniqueConstraint(`${table}_business_key_key`, ['business_key']);
  for (const column of columns) builder = builder.addColumn(column, 'text');
  await builder.execute();

  await createIndex(db, table, ['created_at', 'id']);
  for (const column of columns) await createIndex(db, table, [column]);
}

async function createIndex(db: MigrationDb, table: string, columns: string[]): Promise<void> {
  const name = `${table}_${columns.join('_')}_idx`;
  await db.schema.createIndex(name).on(table).columns(columns).execute();
}
