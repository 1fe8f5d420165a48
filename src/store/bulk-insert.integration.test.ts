import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { insertRows, type BulkTarget, type BulkValue } from './bulk-insert.js';
import { openStore, type Store } from './index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from './test-databases.js';

const NOTES = {
  target: { table: 'bulk_notes', columns: ['id', 'note'] },
  skipping: { table: 'bulk_notes', columns: ['id', 'note'], skipConflictsOn: 'id' },
} satisfies Record<string, BulkTarget>;

// Text an array literal, a JSON document or a statement could each mistake for syntax.
const AWKWARD: BulkValue[] = [
  'plain',
  '',
  null,
  'NULL',
  'with "quotes", commas, {braces} and \\backslashes\\',
  'line one\nline two\ttabbed\r',
  '{"json":["inside",1]}',
  "it's",
  'ünïcødé ✓ 𝄞',
];

const id = (n: number) => `row-${String(n).padStart(4, '0')}`;

async function readNotes(store: Store): Promise<[string, BulkValue][]> {
  const { rows } = await sql<{ id: string; note: BulkValue }>`
    select id, note from bulk_notes order by id
  `.execute(store.db);
  return rows.map((row) => [row.id, row.note]);
}

function describeBulkInsert(label: string, createDatabase: () => Promise<TestDatabase>): void {
  describe(`bulk insert on ${label}`, () => {
    let database: TestDatabase;
    let store: Store;

    beforeAll(async () => {
      database = await createDatabase();
      store = await openStore(database.options);
      await sql`create table bulk_notes (id text primary key, note text)`.execute(store.db);
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    beforeEach(async () => {
      await sql`delete from bulk_notes`.execute(store.db);
    });

    it('stores every row with its values as given, nulls and awkward text included', async () => {
      const rows = Array.from({ length: 250 }, (_, n) => [
        id(n),
        AWKWARD[n % AWKWARD.length] ?? null,
      ]);
      await store.transaction((tx) => insertRows(tx, NOTES.target, rows));
      expect(await readNotes(store)).toStrictEqual(rows);
    });

    it('keeps the row first stored when the conflict column repeats, within a call or across', async () => {
      await insertRows(store, NOTES.skipping, [[id(1), 'first']]);
      await insertRows(store, NOTES.skipping, [
        [id(1), 'again'],
        [id(2), 'second'],
        [id(2), 'second again'],
      ]);
      expect(await readNotes(store)).toStrictEqual([
        [id(1), 'first'],
        [id(2), 'second'],
      ]);
    });

    it('fails on a repeated unique column when no conflict column is named', async () => {
      await insertRows(store, NOTES.target, [[id(1), 'first']]);
      await expect(insertRows(store, NOTES.target, [[id(1), 'again']])).rejects.toThrow();
    });

    it('writes nothing for no rows', async () => {
      await insertRows(store, NOTES.target, []);
      expect(await readNotes(store)).toStrictEqual([]);
    });
  });
}

describeBulkInsert('SQLite', createSqliteTestDatabase);

withService('DATABASE_URL', 'bulk insert on PostgreSQL', (url) =>
  describeBulkInsert('PostgreSQL', () => createPostgresTestDatabase(url)),
);
