import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import { runImport, type ImportOutcome } from './import-job.js';
import {
  claimJob,
  finishJob,
  LeaseLostError,
  releaseJob,
  renewJobLease,
  type JobRecord,
} from './job-store.js';
import { DEFAULT_MAX_ROW_BYTES } from './source-row.js';
import { removeUpload } from './uploads.js';

/** How a job runner works. */
export interface JobRunnerOptions {
  store: Store;
  logger: Logger;
  /** How long a claimed job stays this runner's without a heartbeat; renewed every third. */
  leaseMs?: number;
  /** How often an idle runner looks for queued jobs. */
  pollMs?: number;
  /** Rows per transaction of an import. */
  batchSize?: number;
  maxRowBytes?: number;
}

/** A running job runner. */
export interface JobRunner {
  /** Who this runner is in job leases. */
  readonly holder: string;
  /** Looks for queued work now instead of at the next poll. */
  wake(): void;
  /** Stops claiming; a job in progress stops after its current batch and is left to resume. */
  stop(): Promise<void>;
}

/** Defaults: a 30 s lease, a 1 s poll, 500 rows per batch. */
export const JOB_RUNNER_DEFAULTS = { leaseMs: 30_000, pollMs: 1_000, batchSize: 500 };

/**
 * Starts a runner that claims one job at a time (queued, or abandoned by a process whose lease
 * expired), keeps its lease alive while it works, and records the outcome. Any number of
 * runners may share a database: each job is claimed by exactly one.
 */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const settings = { ...JOB_RUNNER_DEFAULTS, maxRowBytes: DEFAULT_MAX_ROW_BYTES, ...options };
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  const stopping = new AbortController();
  let wakeUp: (() => void) | undefined;
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, settings.pollMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = async () => {
    while (!stopping.signal.aborted) {
      const job = await claimJob(settings.store, holder, settings.leaseMs).catch((err: unknown) => {
        settings.logger.error({ err }, 'claiming a job failed');
        return undefined;
      });
      if (job) await runClaimed(job, { ...settings, holder, stopping: stopping.signal });
      else await idle();
    }
  };
  const running = loop();
  return {
    holder,
    wake: () => wakeUp?.(),
    async stop() {
      stopping.abort();
      wakeUp?.();
      await running;
    },
  };
}

type RunSettings = Required<Omit<JobRunnerOptions, 'store' | 'logger'>> &
  Pick<JobRunnerOptions, 'store' | 'logger'> & { holder: string; stopping: AbortSignal };

async function runClaimed(job: JobRecord, settings: RunSettings): Promise<void> {
  const { store, holder } = settings;
  const log = settings.logger.child({ jobId: job.id });
  const lost = new AbortController();
  const heartbeat = setInterval(() => {
    renewJobLease(store, job.id, holder, settings.leaseMs)
      .then((held) => (held ? undefined : lost.abort()))
      .catch((err: unknown) => log.warn({ err }, 'renewing the job lease failed'));
  }, settings.leaseMs / 3);
  log.info({ attempt: job.attempts, checkpointRow: job.checkpointRow }, 'job started');
  try {
    const outcome = await runImport(job, {
      store,
      holder,
      leaseMs: settings.leaseMs,
      batchSize: settings.batchSize,
      maxRowBytes: settings.maxRowBytes,
      signal: AbortSignal.any([settings.stopping, lost.signal]),
    });
    await settle(job, outcome, settings, log);
  } catch (err) {
    if (err instanceof LeaseLostError) {
      log.warn('job lease lost; another process resumes the job');
      return;
    }
    log.error({ err }, 'job failed');
    const reason = err instanceof Error ? err.message : String(err);
    await finishJob(store, job.id, holder, 'failed', reason);
    await removeUpload(store, job.id);
  } finally {
    clearInterval(heartbeat);
  }
}

async function settle(
  job: JobRecord,
  outcome: ImportOutcome,
  settings: RunSettings,
  log: Logger,
): Promise<void> {
  if (outcome === 'stopped') {
    await releaseJob(settings.store, job.id, settings.holder);
    log.info('job paused; it resumes from its checkpoint');
    return;
  }
  if (await finishJob(settings.store, job.id, settings.holder, outcome)) {
    await removeUpload(settings.store, job.id);
    log.info({ outcome }, 'job finished');
  }
}
