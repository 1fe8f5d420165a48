import { sql, type Kysely, type Transaction } from 'kysely';

import { connect, type StoreDialect, type StoreOptions } from './connect.js';
import { migrateToLatest } from './migrations.js';
import { createRecordRepository } from './record-repository.js';
import { allRecordTables, type RecordTableName } from './record-tables.js';
import type { RecordRepository } from './records.js';
import type { StoreDatabase } from './schema.js';
import { nextSequence } from './sequences.js';

/** An open, migrated database: resource repositories, counters and lifecycle. */
export interface Store {
  readonly dialect: StoreDialect;
  // Later modules own tables this module does not type; they narrow to their own interfaces.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>;
  /** True inside `transaction`: every read and write of this store joins that transaction. */
  readonly inTransaction: boolean;
  /** The repository of one declared resource table. */
  records(table: RecordTableName): RecordRepository;
  /** The next value of the named counter: 1 first, never repeated, even across processes. */
  nextSequence(name: string): Promise<number>;
  /**
   * Runs `work` in one database transaction over a store bound to it: everything it writes is
   * committed together when it resolves, and nothing is when it throws. Called on a store that
   * is already in a transaction, `work` joins that transaction.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
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

  let closing: Promise<void> | undefined;
  const store: Store = {
    ...bindStore(dialect, db),
    async ping() {
      if (closing !== undefined) throw new Error('expected an open store, but it was closed');
      await sql`select 1`.execute(db);
    },
    close: () => (closing ??= db.destroy()),
  };
  return store;
}

type BoundStore = Omit<Store, 'ping' | 'close'>;

function bindStore(
  dialect: StoreDialect,
  db: Kysely<StoreDatabase> | Transaction<StoreDatabase>,
): BoundStore {
  const repositories = new Map<RecordTableName, RecordRepository>();
  const inTransaction = db.isTransaction;
  const bound: BoundStore = {
    dialect,
    db,
    inTransaction,
    records(table) {
      if (!Object.hasOwn(allRecordTables, table)) {
        throw new Error(`unknown record table "${table}"`);
      }
      const repository = repositories.get(table) ?? createRecordRepository(db, table);
      repositories.set(table, repository);
      return repository;
    },
    nextSequence: (name) => nextSequence(db, name),
    transaction(work) {
      if (inTransaction) return work(asStore(bound));
      return db.transaction().execute((trx) => work(asStore(bindStore(dialect, trx))));
    },
  };
  return bound;
}

/** A transaction-bound store: ping and close belong to the store that opened it. */
function asStore(bound: BoundStore): Store {
  return {
    ...bound,
    ping: () => Promise.reject(new Error('ping the store that opened this transaction')),
    close: () => Promise.reject(new Error('close the store that opened this transaction')),
  };
}
