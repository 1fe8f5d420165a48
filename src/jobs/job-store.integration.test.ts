import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import {
  claimJob,
  createImportJob,
  finishJob,
  getJob,
  LeaseLostError,
  recordBatch,
  requestCancel,
} from './job-store.js';

const PROGRESS = { rowsRead: 500, rowsAccepted: 499, rowsRejected: 1, bytesRead: 4096 };

function jobStoreSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`the job store on ${name}`, () => {
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

    const queue = (id: string) =>
      createImportJob(store, {
        id,
        entity: 'organizations',
        format: 'csv',
        options: { delimiter: ',' },
        uploadBytes: 10,
      });

    it('gives a queued job to exactly one of many racing runners', async () => {
      await queue('job_race');
      const runners = Array.from({ length: 6 }, (_, index) => `runner-${index}`);
      const claimed = await Promise.all(runners.map((holder) => claimJob(store, holder, 60_000)));
      const winners = claimed.filter((job) => job?.id === 'job_race');
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ status: 'running', attempts: 1 });
      await finishJob(store, 'job_race', String(runners[claimed.indexOf(winners[0])]), 'succeeded');
    });

    it('lets another runner take over a job whose lease expired, fencing out the first', async () => {
      await queue('job_takeover');
      const first = await claimJob(store, 'first', 1_000, 10_000);
      expect(first?.id).toBe('job_takeover');
      expect(await claimJob(store, 'second', 1_000, 10_500)).toBeUndefined();

      const second = await claimJob(store, 'second', 60_000, 11_001);
      expect(second).toMatchObject({ id: 'job_takeover', attempts: 2 });
      const late = store.transaction((tx) =>
        recordBatch(tx, { id: 'job_takeover', holder: 'first', leaseMs: 1_000 }, PROGRESS, 500),
      );
      await expect(late).rejects.toBeInstanceOf(LeaseLostError);

      const held = { id: 'job_takeover', holder: 'second', leaseMs: 60_000 };
      await store.transaction((tx) => recordBatch(tx, held, PROGRESS, 500));
      expect(await getJob(store, 'job_takeover')).toMatchObject({
        checkpointRow: 500,
        progress: PROGRESS,
      });
      expect(await finishJob(store, 'job_takeover', 'first', 'failed')).toBe(false);
      expect(await finishJob(store, 'job_takeover', 'second', 'succeeded')).toBe(true);
    });

    it('cancels a queued job at once and a running one at its next batch', async () => {
      await queue('job_cancel_queued');
      expect(await requestCancel(store, 'job_cancel_queued')).toMatchObject({
        status: 'cancelled',
        cancelRequested: true,
      });

      await queue('job_cancel_running');
      const running = await claimJob(store, 'runner', 60_000);
      expect(running?.id).toBe('job_cancel_running');
      expect(await requestCancel(store, 'job_cancel_running')).toMatchObject({
        status: 'running',
        cancelRequested: true,
      });
      const lease = { id: 'job_cancel_running', holder: 'runner', leaseMs: 60_000 };
      const batch = await store.transaction((tx) => recordBatch(tx, lease, PROGRESS, 500));
      expect(batch).toStrictEqual({ cancelRequested: true });
    });
  });
}

jobStoreSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'the job store on PostgreSQL', (url) =>
  jobStoreSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
