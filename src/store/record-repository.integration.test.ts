import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ConflictError,
  InvalidCursorError,
  openStore,
  type Store,
  type StoredRecord,
} from './index.js';
import { storeMigrations } from './migrations.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from './test-databases.js';
import { withService } from '../../test/services.js';

const minute = (n: number) => new Date(Date.UTC(2024, 0, 1, 0, n)).toISOString();

function record(
  id: string,
  createdMinute: number,
  fields: Record<string, unknown> = {},
): StoredRecord {
  return { id, createdAt: minute(createdMinute), updatedAt: minute(createdMinute), ...fields };
}

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection, but the promise resolved'),
    (err: unknown) => err,
  );
}

type Filters = Record<string, string | undefined>;

function describeStore(label: string, createDatabase: () => Promise<TestDatabase>): void {
  describe(label, () => {
    let database: TestDatabase;
    let store: Store;

    beforeAll(async () => {
      database = await createDatabase();
      store = await openStore(database.options);
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('opens an already migrated database without migrating it again', async () => {
      const again = await openStore(database.options);
      const migrations = await again.db.selectFrom('kysely_migration').select('name').execute();
      await again.close();
      expect(migrations).toStrictEqual(Object.keys(storeMigrations).map((name) => ({ name })));
    });

    it('reads an inserted record back by id and by business key', async () => {
      const account = record('ba-1', 1, { accountNumber: 'A-1', status: 'Active' });
      const accounts = store.records('canonical_billing_accounts');
      await accounts.insert(account);
      expect(await accounts.get('ba-1')).toStrictEqual(account);
      expect(await accounts.getByKey('A-1')).toStrictEqual(account);
    });

    it('returns undefined for an unknown id, an unknown key and a table without a key', async () => {
      await store.records('sales_contacts').insert(record('sc-1', 1, { email: 'a@example.com' }));
      expect(await store.records('canonical_billing_accounts').get('nope')).toBeUndefined();
      expect(await store.records('canonical_billing_accounts').getByKey('nope')).toBeUndefined();
      expect(await store.records('sales_contacts').getByKey('sc-1')).toBeUndefined();
    });

    it('replaces an existing record and reports false for an unknown id', async () => {
      const products = store.records('canonical_products');
      await products.insert(record('p-1', 1, { sku: 'SKU-1', family: 'Premium' }));
      const replaced = { ...record('p-1', 1, { sku: 'SKU-2' }), updatedAt: minute(9) };
      expect(await products.replace(replaced)).toBe(true);
      expect(await products.replace(record('p-404', 1))).toBe(false);
      expect(await products.get('p-1')).toStrictEqual(replaced);
      expect(await products.getByKey('SKU-1')).toBeUndefined();
      expect(await products.list({ limit: 5, filters: { family: 'Premium' } })).toStrictEqual({
        items: [],
        nextCursor: null,
      });
    });

    it('pages newest first in pages of two with no duplicates or gaps', async () => {
      const accounts = store.records('sales_accounts');
      const seeded = [
        record('a', 1),
        record('b', 2),
        record('c', 2),
        record('d', 3),
        record('e', 4),
      ];
      for (const account of seeded) await accounts.insert(account);

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await accounts.list({ limit: 2, cursor, filters: {} });
        pages.push(page.items.map((item) => item.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(pages).toStrictEqual([['e', 'd'], ['c', 'b'], ['a']]);
    });

    describe('filters', () => {
      beforeAll(async () => {
        const invoices = store.records('billing_invoices');
        await invoices.insert(record('i-1', 1, { status: 'Posted', dueDate: '2024-02-01' }));
        await invoices.insert(record('i-2', 2, { status: 'Draft', dueDate: '2024-03-01' }));
        await invoices.insert(record('i-3', 3, { status: 'Posted', dueDate: '2024-04-01' }));
        const orders = store.records('canonical_orders');
        const actions = (...numbers: string[]) => numbers.map((n) => ({ subscriptionNumber: n }));
        await orders.insert(record('o-1', 1, { actions: actions('S-1', 'S-2') }));
        await orders.insert(record('o-2', 2, { actions: actions('S-10') }));
        await orders.insert(record('o-3', 3, { actions: actions('100%', 'A_1') }));
        await orders.insert(record('o-4', 4, { actions: actions('1000', 'AB1') }));
        await orders.insert(record('o-5', 5, { actions: [] }));
      });

      it.each<[string, Filters, string[]]>([
        ['eq', { status: 'Posted' }, ['i-3', 'i-1']],
        ['before (dueBefore is exclusive)', { dueBefore: '2024-03-01' }, ['i-1']],
        ['eq and before together', { status: 'Draft', dueBefore: '2024-04-01' }, ['i-2']],
        ['an undefined value as no filter', { status: undefined }, ['i-3', 'i-2', 'i-1']],
      ])('filters invoices by %s', async (_given, filters, want) => {
        const page = await store.records('billing_invoices').list({ limit: 10, filters });
        expect(page.items.map((item) => item.id)).toStrictEqual(want);
      });

      it.each<[string, string, string[]]>([
        ['a whole token', 'S-1', ['o-1']],
        ['a % literally', '100%', ['o-3']],
        ['an _ literally', 'A_1', ['o-3']],
        ['a lone % as no wildcard', '%', []],
        ['case-sensitively', 's-1', []],
      ])('matches contains filters on %s', async (_given, subscriptionNumber, want) => {
        const orders = store.records('canonical_orders');
        const page = await orders.list({ limit: 10, filters: { subscriptionNumber } });
        expect(page.items.map((item) => item.id)).toStrictEqual(want);
      });

      it('keeps records updated at or after updatedSince', async () => {
        const page = await store
          .records('billing_invoices')
          .list({ limit: 10, updatedSince: minute(2), filters: {} });
        expect(page.items.map((item) => item.id)).toStrictEqual(['i-3', 'i-2']);
      });

      it('throws a programmer error naming an unknown filter', async () => {
        const err = await captureError(
          store.records('billing_invoices').list({ limit: 1, filters: { color: 'red' } }),
        );
        expect(err).toStrictEqual(
          new Error(
            'unknown filter "color" for billing_invoices; expected one of: accountNumber, status, dueBefore',
          ),
        );
      });
    });

    it('rejects a duplicate business key or id with ConflictError naming the field', async () => {
      const accounts = store.records('billing_accounts');
      await accounts.insert(record('b-1', 1, { accountNumber: 'A-7' }));
      await accounts.insert(record('b-2', 2, { accountNumber: 'A-8' }));
      const conflicts = await Promise.all([
        captureError(accounts.insert(record('b-3', 3, { accountNumber: 'A-7' }))),
        captureError(accounts.insert(record('b-1', 3, { accountNumber: 'A-9' }))),
        captureError(accounts.replace(record('b-2', 2, { accountNumber: 'A-7' }))),
      ]);
      expect(
        conflicts.map((err) => err instanceof ConflictError && [err.field, err.value]),
      ).toStrictEqual([
        ['accountNumber', 'A-7'],
        ['id', 'b-1'],
        ['accountNumber', 'A-7'],
      ]);
    });

    it.each([
      { given: 'non-base64url text', cursor: 'not a cursor!' },
      { given: 'base64url of non-JSON', cursor: Buffer.from('{oops').toString('base64url') },
      { given: 'JSON of the wrong shape', cursor: Buffer.from('[1,2]').toString('base64url') },
    ])('rejects a forged cursor ($given) with InvalidCursorError', async ({ cursor }) => {
      const err = await captureError(
        store.records('sales_accounts').list({ limit: 1, cursor, filters: {} }),
      );
      expect(err).toBeInstanceOf(InvalidCursorError);
    });

    it('hands 20 concurrent callers the values 1 to 20 once each', async () => {
      const values = await Promise.all(
        Array.from({ length: 20 }, () => store.nextSequence('orders')),
      );
      expect(values.sort((a, b) => a - b)).toStrictEqual(
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      expect(await store.nextSequence('invoices')).toBe(1);
    });

    it('pings while open, closes idempotently and fails a ping once closed', async () => {
      const other = await openStore(database.options);
      await expect(other.ping()).resolves.toBeUndefined();
      await Promise.all([other.close(), other.close()]);
      await expect(other.close()).resolves.toBeUndefined();
      await expect(other.ping()).rejects.toThrow('expected an open store, but it was closed');
    });
  });
}

describeStore('SQLite', createSqliteTestDatabase);

withService('DATABASE_URL', 'PostgreSQL', (url) =>
  describeStore('PostgreSQL', () => createPostgresTestDatabase(url)),
);
