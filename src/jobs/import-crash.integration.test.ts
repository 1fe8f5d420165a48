import { spawn, type ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import { createImportJob, getJob } from './job-store.js';
import { storeUpload } from './uploads.js';

const ROWS = 200_000;
const WORKER = fileURLToPath(new URL('./testing/import-worker.ts', import.meta.url));

function* organizationsCsv(): Generator<string> {
  yield 'legalName,domain,status\n';
  for (let start = 1; start <= ROWS; start += 10_000) {
    let chunk = '';
    for (let n = start; n < start + 10_000; n += 1) {
      chunk += `"Org ${n}, Ltd",org-${n}.example,customer\n`;
    }
    yield chunk;
  }
}

function startWorker(database: TestDatabase, jobId: string): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JOB_ID: jobId,
    JOB_LEASE_MS: '5000',
    JUNCTION_DATA_DIR: database.options.dataDir,
    DATABASE_URL: database.options.databaseUrl ?? '',
  };
  // Node itself, not the tsx launcher, so that SIGKILL hits the process doing the import.
  return spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function countOf(store: Store, query: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`${sql.raw(query)}`.execute(store.db);
  return Number(rows[0]?.n);
}

function crashSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`bulk import crash recovery on ${name}`, () => {
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

    it('stores every row exactly once when the importing process is killed and restarted', async () => {
      const uploadBytes = await storeUpload(store, 'job_crash', Readable.from(organizationsCsv()));
      await createImportJob(store, {
        id: 'job_crash',
        entity: 'organizations',
        format: 'csv',
        options: { delimiter: ',' },
        uploadBytes,
      });

      const first = startWorker(database, 'job_crash');
      await waitFor(async () => {
        const job = await getJob(store, 'job_crash');
        return (job?.checkpointRow ?? 0) >= 20_000;
      }, 90_000);
      first.kill('SIGKILL');
      await exited(first);
      const killed = await getJob(store, 'job_crash');
      expect(killed?.status).toBe('running');
      expect(killed?.checkpointRow).toBeLessThan(ROWS);

      const second = startWorker(database, 'job_crash');
      expect(await exited(second)).toBe(0);

      const job = await getJob(store, 'job_crash');
      expect({
        status: job?.status,
        progress: job?.progress,
        attempts: job?.attempts,
      }).toStrictEqual({
        status: 'succeeded',
        progress: { rowsRead: ROWS, rowsAccepted: ROWS, rowsRejected: 0, bytesRead: uploadBytes },
        attempts: 2,
      });
      const counts = {
        rows: await countOf(store, 'select count(*) as n from canonical_organizations'),
        distinctIds: await countOf(
          store,
          'select count(distinct id) as n from canonical_organizations',
        ),
        distinctDomains: await countOf(
          store,
          'select count(distinct domain) as n from canonical_organizations',
        ),
        events: await countOf(
          store,
          "select count(*) as n from event_outbox where type = 'com.junction.canonical.organization.created.v1'",
        ),
      };
      expect(counts).toStrictEqual({
        rows: ROWS,
        distinctIds: ROWS,
        distinctDomains: ROWS,
        events: ROWS,
      });
    }, 240_000);
  });
}

crashSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'bulk import crash recovery on PostgreSQL', (url) =>
  crashSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
