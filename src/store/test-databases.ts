import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import type { StoreOptions } from './connect.js';

/** A throwaway database for one test file: options to open it and a way to remove it. */
export interface TestDatabase {
  readonly options: StoreOptions;
  drop(): Promise<void>;
}

/** Creates an empty SQLite data directory under the OS temp folder. */
export async function createSqliteTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'junction-store-'));
  return {
    options: { dataDir },
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** Creates `junction_test_<random>` through the admin URL; drop() removes it, even if in use. */
export async function createPostgresTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `junction_test_${randomBytes(6).toString('hex')}`;
  await runAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString(), dataDir: tmpdir() },
    drop: () => runAdmin(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

async function runAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
