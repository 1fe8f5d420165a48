import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { acquireLease, releaseLease } from './leases.js';
import { openStore, type Store } from './open-store.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from './test-databases.js';

function leaseSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`leases on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    it('gives a free lease to the first holder and refuses a second until it expires', async () => {
      expect(await acquireLease(store, 'poll-a', 'one', 1_000, 10_000)).toBe(true);
      expect(await acquireLease(store, 'poll-a', 'two', 1_000, 10_500)).toBe(false);
      expect(await acquireLease(store, 'poll-a', 'one', 1_000, 10_900)).toBe(true);
      expect(await acquireLease(store, 'poll-a', 'two', 1_000, 11_800)).toBe(false);
      expect(await acquireLease(store, 'poll-a', 'two', 1_000, 12_000)).toBe(true);
    });

    it('frees a released lease at once, and ignores a release by another holder', async () => {
      expect(await acquireLease(store, 'poll-b', 'one', 60_000, 1_000)).toBe(true);
      await releaseLease(store, 'poll-b', 'two');
      expect(await acquireLease(store, 'poll-b', 'two', 60_000, 2_000)).toBe(false);
      await releaseLease(store, 'poll-b', 'one');
      expect(await acquireLease(store, 'poll-b', 'two', 60_000, 2_000)).toBe(true);
    });

    it('lets exactly one of many racing holders take a free lease', async () => {
      const holders = Array.from({ length: 8 }, (_, index) => `racer-${index}`);
      const won = await Promise.all(
        holders.map((holder) => acquireLease(store, 'poll-c', holder, 60_000, 5_000)),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}

leaseSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'leases on PostgreSQL', (url) =>
  leaseSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
