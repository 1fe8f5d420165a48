import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { Cron } from 'croner';

import type { Logger } from '../../observability/logger.js';
import type { Store } from '../../store/index.js';
import { acquireLease } from '../../store/leases.js';
import { reconcileProvisioning, type ProvisioningOutcome } from './provisioning.js';

/** The lease whose holder reconciles: one process per scheduled time. */
export const RECONCILIATION_LEASE = 'provisioning-reconciliation';

/** How long to wait after failed passes: doubling from `initialMs`, never longer than `maxMs`. */
export interface ReconciliationBackoff {
  initialMs: number;
  maxMs: number;
}

/** A minute after the first failure, doubling to an hour. */
export const DEFAULT_RECONCILIATION_BACKOFF: ReconciliationBackoff = {
  initialMs: 60_000,
  maxMs: 3_600_000,
};

/** Calls `tick` at every time `pattern` names, and stops doing so on `stop`. */
export type Scheduler = (
  pattern: string,
  tick: (at: Date) => Promise<ReconciliationOutcome>,
) => { stop(): void };

/** Schedules with croner; a tick while the previous pass still runs is skipped. */
export const cronScheduler: Scheduler = (pattern, tick) => {
  const job = new Cron(pattern, { protect: true }, async () => void (await tick(new Date())));
  return { stop: () => job.stop() };
};

/** How one scheduled pass ended. */
export type ReconciliationOutcome =
  | { status: 'reconciled'; provisioned: number; failed: number }
  | { status: 'lease-held' }
  | { status: 'backing-off'; until: string }
  | { status: 'failed'; error: string; failures: number; retryAt: string };

/** What the reconciliation needs, and when it runs. */
export interface ReconciliationOptions {
  store: Store;
  logger: Logger;
  /** A croner expression: 5 fields, or 6 with seconds first. */
  schedule: string;
  /** croner unless a test brings its own. */
  scheduler?: Scheduler;
  backoff?: ReconciliationBackoff;
}

/** A scheduled reconciliation; `stop` ends the schedule and waits for a pass in progress. */
export interface RunningReconciliation {
  stop(): Promise<void>;
}

/**
 * Runs F4's reconciliation (`reconcileProvisioning`) on `schedule`, so a subscription whose
 * event was missed is provisioned by the next pass. At each scheduled time, the process that
 * takes the lease reconciles and holds it until shortly before the next scheduled time, so
 * however many processes share the database, one pass runs per time. A pass that fails is
 * logged, and no pass starts in this process before its backoff has passed; none throws.
 */
export function startProvisioningReconciliation(
  options: ReconciliationOptions,
): RunningReconciliation {
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  const times = new Cron(options.schedule, { paused: true });
  const backoff = options.backoff ?? DEFAULT_RECONCILIATION_BACKOFF;
  const state = { failures: 0, retryAt: 0 };
  const inFlight = new Set<Promise<ReconciliationOutcome>>();

  const fail = (at: Date, err: unknown): ReconciliationOutcome => {
    state.failures += 1;
    state.retryAt = at.getTime() + backoffDelay(state.failures, backoff);
    const retryAt = new Date(state.retryAt).toISOString();
    const { failures } = state;
    options.logger.error({ err, failures, retryAt }, 'provisioning reconciliation failed');
    return { status: 'failed', error: messageOf(err), failures, retryAt };
  };
  const pass = async (at: Date): Promise<ReconciliationOutcome> => {
    if (at.getTime() < state.retryAt) {
      return { status: 'backing-off', until: new Date(state.retryAt).toISOString() };
    }
    try {
      const ttl = leaseTtl(times, at);
      if (!(await acquireLease(options.store, RECONCILIATION_LEASE, holder, ttl, at.getTime()))) {
        return { status: 'lease-held' };
      }
      const outcomes = await reconcileProvisioning(options);
      Object.assign(state, { failures: 0, retryAt: 0 });
      return reconciled(outcomes, options.logger);
    } catch (err) {
      return fail(at, err);
    }
  };
  const tick = (at: Date) => {
    const running = pass(at).finally(() => inFlight.delete(running));
    inFlight.add(running);
    return running;
  };

  const job = (options.scheduler ?? cronScheduler)(options.schedule, tick);
  return {
    async stop() {
      job.stop();
      times.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

function reconciled(outcomes: ProvisioningOutcome[], logger: Logger): ReconciliationOutcome {
  const failed = outcomes.filter((outcome) => outcome.kind === 'failed');
  const provisioned = outcomes.filter((outcome) => outcome.kind === 'provisioned').length;
  if (failed.length > 0) {
    logger.warn({ runs: failed }, 'provisioning reconciliation left subscriptions unprovisioned');
  }
  const level = outcomes.length > 0 ? 'info' : 'debug';
  logger[level]({ provisioned, failed: failed.length }, 'provisioning reconciled');
  return { status: 'reconciled', provisioned, failed: failed.length };
}

/**
 * How long a pass holds the lease: nine tenths of the time to the next scheduled run, so the
 * processes that fire together at one time find it held, and it is free again by the next.
 */
function leaseTtl(times: Cron, at: Date): number {
  const untilNext = (times.nextRun(at)?.getTime() ?? at.getTime()) - at.getTime();
  return Math.max(Math.floor(untilNext * 0.9), 100);
}

/** The wait after the `failures`-th failure in a row. */
function backoffDelay(failures: number, backoff: ReconciliationBackoff): number {
  return Math.min(backoff.initialMs * 2 ** Math.min(failures - 1, 30), backoff.maxMs);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
