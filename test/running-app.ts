import { Writable } from 'node:stream';

import { createLogger } from '../src/observability/logger.js';
import { startServer } from '../src/runtime/server.js';
import type { RunningServer } from '../src/runtime/server.js';
import type { StoreOptions } from '../src/store/connect.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
} from '../src/store/test-databases.js';
import type { TestDatabase } from '../src/store/test-databases.js';

/** A server on a free port over a throwaway database, with every log line it wrote. */
export interface RunningApp extends RunningServer {
  logs: Record<string, unknown>[];
  /** Where its database is, so a second app can serve from the same one. */
  database: StoreOptions;
  close(): Promise<void>;
}

/** How `startTestApp` starts an app. */
export interface TestAppOptions {
  /**
   * Serve from this app's database instead of a new one, as a second process of one deployment
   * does; closing the second app then leaves the database to its owner.
   */
  shareDatabaseOf?: RunningApp;
}

/** The databases the integration tests run against: SQLite always, PostgreSQL when configured. */
export function testDialects(): ('sqlite' | 'postgres')[] {
  if (process.env.DATABASE_URL) return ['sqlite', 'postgres'];
  if (process.env.CI)
    throw new Error('CI must set DATABASE_URL: the PostgreSQL tests may not be skipped there');
  return ['sqlite'];
}

/** Starts the whole runtime as `junction serve` would, on port 0 and loopback. */
export async function startTestApp(
  dialect: 'sqlite' | 'postgres' = 'sqlite',
  options: TestAppOptions = {},
): Promise<RunningApp> {
  const shared = options.shareDatabaseOf?.database;
  const database = shared ? borrowedDatabase(shared) : await openTestDatabase(dialect);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const running = await startServer({
    projectDir: process.cwd(),
    logger: createLogger('info', sink),
    overrides: {
      port: 0,
      host: '127.0.0.1',
      dataDir: database.options.dataDir,
      databaseUrl: database.options.databaseUrl,
    },
    quiet: true,
  });
  return {
    ...running,
    logs,
    database: database.options,
    async close() {
      await running.stop();
      await database.drop();
    },
  };
}

/** A database another app owns: opened with its options, never dropped by this app. */
function borrowedDatabase(options: StoreOptions): TestDatabase {
  return { options, drop: () => Promise.resolve() };
}

function openTestDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (dialect === 'sqlite') return createSqliteTestDatabase();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set; the PostgreSQL tests need it');
  return createPostgresTestDatabase(url);
}
