import { sql, type Kysely } from 'kysely';

import { connect, type StoreDialect, type StoreOptions } from './connect.js';
import { migrateToLatest } from './migrations.js';
import { createRecordRepository } from './record-repository.js';
import { recordTables, type RecordTableName } from './record-tables.js';
import type { RecordRepository } from './records.js';
import { nextSequence } from './sequences.js';

/** An open, migrated database: resource repositories, counters and lifecycle. */
export interface Store {
  readonly dialect: StoreDialect;
  // Later modules own tables this module does not type; they narrow to their own interfaces.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  /** The repository of one declared resource table. */
  records(table: RecordTableName): RecordRepository;
  /** The next value of the named counter: 1 first, never repeated, even across processes. */
  nextSequence(name: string): Promise<number>;
  /** Resolves when the database answers a query; throws when it is unreachable or closed. */
  ping(): Promise<void>;
  /** Releases every connection; idempotent, every call resolves once they are released. */
  close(): Promise<void>;
}

/** Connects and migrates to the latest schema; a failed migration throws naming it. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const { dialect, db } = connect(options);
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }

  const repositories = new Map<RecordTableName, RecordRepository>();
  let closing: Promise<void> | undefined;
  return {
    dialect,
    db,
    records(table) {
      if (!Object.hasOwn(recordTables, table)) throw new Error(`unknown record table "${table}"`);
      const repository = repositories.get(table) ?? createRecordRepository(db, table);
      repositories.set(table, repository);
      return repository;
    },
    nextSequence: (name) => nextSequence(db, name),
    async ping() {
      if (closing !== undefined) throw new Error('expected an open store, but it was closed');
      await sql`select 1`.execute(db);
    },
    close: () => (closing ??= db.destroy()),
  };
}
