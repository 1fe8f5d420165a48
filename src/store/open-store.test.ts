import { sql, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { connect } from './connect.js';
import { migrateToLatest } from './migrations.js';
import { openStore } from './open-store.js';
import { createSqliteTestDatabase, type TestDatabase } from './test-databases.js';

describe('openStore', () => {
  let database: TestDatabase;
  beforeEach(async () => (database = await createSqliteTestDatabase()));
  afterEach(() => database.drop());

  it('picks SQLite without a URL and PostgreSQL for both postgres schemes', () => {
    const dialects = [undefined, '', 'postgres://h/db', 'postgresql://h/db'].map((databaseUrl) => {
      const { dialect, db } = connect({ databaseUrl, dataDir: database.options.dataDir });
      void db.destroy();
      return dialect;
    });
    expect(dialects).toStrictEqual(['sqlite', 'sqlite', 'postgres', 'postgres']);
  });

  it('rejects a database URL of another scheme without quoting the rest of it', async () => {
    const options = { databaseUrl: 'mysql://user:secret@h/db', dataDir: '.' };
    await expect(openStore(options)).rejects.toStrictEqual(
      new Error(
        'expected a postgres:// or postgresql:// database URL, got scheme "mysql"; ' +
          'unset it to use SQLite',
      ),
    );
  });

  it('rejects an unreachable PostgreSQL server before any migration runs', async () => {
    const options = { databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '.' };
    await expect(openStore(options)).rejects.toThrow(/^migrating the database failed: /);
  });

  it('names the migration that failed', async () => {
    const { db } = connect(database.options);
    const broken: Migration = {
      up: async (trx) => void (await sql`select * from missing`.execute(trx)),
    };
    const migrations = { '0001_ok': { up: () => Promise.resolve() }, '0002_broken': broken };
    const failure = migrateToLatest(db, migrations).finally(() => db.destroy());
    await expect(failure).rejects.toThrow(
      /^migration "0002_broken" failed: no such table: missing$/,
    );
  });
});
