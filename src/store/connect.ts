import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { Kysely, PostgresDialect, SqliteDialect, type Dialect, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';

import type { StoreDatabase } from './schema.js';

/** Which database engine a store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Where the store lives: PostgreSQL when `databaseUrl` is a postgres URL, else SQLite. */
export interface StoreOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
}

/** An open, not yet migrated connection and the engine behind it. */
export interface Connection {
  readonly dialect: StoreDialect;
  readonly db: Kysely<StoreDatabase>;
}

interface BetterSqliteDatabase extends SqliteDatabase {
  pragma(source: string): unknown;
}

// Statements SQLite keeps compiled per connection; past this, the least recently used is dropped.
const STATEMENT_CACHE_SIZE = 500;

type BetterSqliteConstructor = new (filename: string) => BetterSqliteDatabase;

const require = createRequire(import.meta.url);

/**
 * Opens a lazy connection pool (nothing is contacted until the first query); an empty or missing
 * URL means SQLite, and a URL that is not postgres:// or postgresql:// throws.
 */
export function connect(options: StoreOptions): Connection {
  const url = options.databaseUrl ?? '';
  if (url === '') {
    return { dialect: 'sqlite', db: new Kysely({ dialect: createSqliteDialect(options.dataDir) }) };
  }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    // Quote only the scheme: the rest of the URL may carry a password.
    const scheme = url.split(':')[0] ?? '';
    throw new Error(
      `expected a postgres:// or postgresql:// database URL, got scheme "${scheme}"; ` +
        'unset it to use SQLite',
    );
  }
  return { dialect: 'postgres', db: new Kysely({ dialect: createPostgresDialect(url) }) };
}

function createPostgresDialect(connectionString: string): Dialect {
  // A bounded connect timeout makes ping() fail fast instead of hanging on a dead host.
  const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: 5_000 });
  // An idle connection the server drops (a restart, a failover) emits 'error' on the pool; with
  // no listener that would end the process. The pool discards it and the next query reconnects.
  pool.on('error', () => undefined);
  return new PostgresDialect({ pool });
}

function createSqliteDialect(dataDir: string): Dialect {
  mkdirSync(dataDir, { recursive: true });
  // better-sqlite3 ships no type declarations; this names the part Kysely and we use.
  const Database = require('better-sqlite3') as BetterSqliteConstructor;
  const database = new Database(join(dataDir, 'junction.db'));
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  // PostgreSQL's LIKE is case-sensitive; make SQLite's agree so filters behave alike.
  database.pragma('case_sensitive_like = ON');
  return new SqliteDialect({ database: cachingStatements(database) });
}

/**
 * Reuses the compiled statement of a SQL text seen before: compiling costs more than running
 * most of our statements. Safe because Kysely gives SQLite one connection, used by one query at
 * a time, and SQLite recompiles a cached statement itself after a schema change.
 */
function cachingStatements(database: BetterSqliteDatabase): BetterSqliteDatabase {
  const statements = new LRUCache<string, ReturnType<SqliteDatabase['prepare']>>({
    max: STATEMENT_CACHE_SIZE,
  });
  const prepare = database.prepare.bind(database);
  database.prepare = (sql: string) => {
    const cached = statements.get(sql);
    if (cached !== undefined) return cached;
    const statement = prepare(sql);
    statements.set(sql, statement);
    return statement;
  };
  return database;
}
