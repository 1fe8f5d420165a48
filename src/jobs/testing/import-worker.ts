/**
 * A process that runs one job runner against the database the environment names
 * (`DATABASE_URL`, else SQLite under `JUNCTION_DATA_DIR`) until the job `JOB_ID` is finished,
 * then exits 0. The import crash test starts it, kills it mid-import, and starts it again.
 */
import { createLogger } from '../../observability/logger.js';
import { openStore } from '../../store/index.js';
import { isFinished, getJob } from '../job-store.js';
import { startJobRunner } from '../job-runner.js';

const jobId = process.env.JOB_ID ?? '';
const store = await openStore({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.JUNCTION_DATA_DIR ?? './data',
});
const runner = startJobRunner({
  store,
  logger: createLogger('warn'),
  leaseMs: Number(process.env.JOB_LEASE_MS ?? 30_000),
  pollMs: 100,
  batchSize: Number(process.env.JOB_BATCH_SIZE ?? 1_000),
});
for (;;) {
  const job = await getJob(store, jobId);
  if (job === undefined || isFinished(job.status)) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await runner.stop();
await store.close();
