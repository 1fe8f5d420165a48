import { randomUUID } from 'node:crypto';

import type { PollerBackoffConfig, PollerConfig } from '../../config/pollers.js';
import type { Logger } from '../../observability/logger.js';
import type { Store } from '../../store/index.js';
import { acquireLease, releaseLease } from '../../store/leases.js';
import type { PollFollowUp, PollItemContext, PollItemHandler } from './handlers.js';
import {
  readPollerState,
  recordPollFailure,
  recordPollSuccess,
  saveCheckpoint,
  type Checkpoint,
} from './poller-states.js';
import type { PollSource } from './sources.js';

/** How long a poll holds its lease without renewing it; renewed after every page. */
export const POLL_LEASE_TTL_MS = 60_000;

/** A configured poller with its source and handler resolved. */
export interface Poller {
  name: string;
  config: PollerConfig;
  source: PollSource;
  handler: PollItemHandler;
  /** The work the handler leaves pending, done after each poll's items; none when absent. */
  followUp?: PollFollowUp;
}

/** What a poll needs beside the poller. */
export interface PollDependencies {
  store: Store;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** This process's lease holder id. */
  holder: string;
  now?: () => Date;
}

/** How one poll ended. */
export type PollOutcome =
  | { status: 'polled'; handled: number; checkpoint: Checkpoint }
  | { status: 'lease-held' }
  | { status: 'lease-lost'; handled: number }
  | { status: 'backing-off'; until: string }
  | { status: 'failed'; error: string; failures: number; retryAt: string };

/**
 * Polls once, if this process gets the lease `poller:<name>` and the poller is not backing off:
 * pages through the items changed since the checkpoint, gives each new item to the handler, and
 * advances the checkpoint after each page's items are handled; then runs the poller's follow-up.
 * A failure keeps the checkpoint, and delays the next poll exponentially up to the configured cap.
 */
export async function pollOnce(
  poller: Poller,
  dependencies: PollDependencies,
): Promise<PollOutcome> {
  const { store, holder } = dependencies;
  const now = dependencies.now ?? (() => new Date());
  const lease = `poller:${poller.name}`;
  if (!(await acquireLease(store, lease, holder, POLL_LEASE_TTL_MS, now().getTime()))) {
    return { status: 'lease-held' };
  }
  try {
    const state = await readPollerState(store, poller.name);
    if (state.nextAttemptAt !== null && now().getTime() < Date.parse(state.nextAttemptAt)) {
      return { status: 'backing-off', until: state.nextAttemptAt };
    }
    return await pollPages(poller, dependencies, state, now).catch((err: unknown) =>
      recordFailure(poller, dependencies, err, now()),
    );
  } finally {
    await releaseLease(store, lease, holder);
  }
}

async function pollPages(
  poller: Poller,
  dependencies: PollDependencies,
  start: Checkpoint,
  now: () => Date,
): Promise<PollOutcome> {
  const { store, logger, env } = dependencies;
  const { pageSize } = poller.config;
  const context: PollItemContext = {
    store,
    logger,
    env,
    poller: poller.name,
    correlationId: randomUUID(),
  };
  let checkpoint: Checkpoint = { watermark: start.watermark, lastId: start.lastId };
  let handled = 0;
  for (let offset = 0; ;) {
    const page = await poller.source({ since: start.watermark, limit: pageSize, offset }, env);
    const fresh = page.items.filter((item) => isAfter(item, checkpoint, poller.config));
    for (const item of fresh) await poller.handler(item, context);
    checkpoint = checkpointOf(fresh.at(-1), poller.config) ?? checkpoint;
    await saveCheckpoint(store, poller.name, checkpoint, fresh.length);
    handled += fresh.length;
    if (!page.hasMore || page.items.length === 0) break;
    offset += page.items.length;
    if (!(await renewLease(poller, dependencies, now))) return { status: 'lease-lost', handled };
  }
  if (!(await runFollowUp(poller, dependencies, context, now))) {
    return { status: 'lease-lost', handled };
  }
  await recordPollSuccess(store, poller.name, now().toISOString());
  if (handled > 0) logger.info({ poller: poller.name, handled }, 'poll handled new items');
  return { status: 'polled', handled, checkpoint };
}

/** Runs the poller's follow-up, if it has one, under a renewed lease; false if the lease is lost. */
async function runFollowUp(
  poller: Poller,
  dependencies: PollDependencies,
  context: PollItemContext,
  now: () => Date,
): Promise<boolean> {
  if (poller.followUp === undefined) return true;
  const renew = () => renewLease(poller, dependencies, now);
  if (!(await renew())) return false;
  await poller.followUp({ ...context, renewLease: renew });
  return true;
}

function renewLease(
  poller: Poller,
  dependencies: PollDependencies,
  now: () => Date,
): Promise<boolean> {
  const { store, holder } = dependencies;
  return acquireLease(store, `poller:${poller.name}`, holder, POLL_LEASE_TTL_MS, now().getTime());
}

async function recordFailure(
  poller: Poller,
  dependencies: PollDependencies,
  err: unknown,
  at: Date,
): Promise<PollOutcome> {
  const error = err instanceof Error ? err.message : String(err);
  const previous = await readPollerState(dependencies.store, poller.name);
  const delayMs = backoffDelay(previous.failures + 1, poller.config.backoff);
  const retryAt = new Date(at.getTime() + delayMs).toISOString();
  const state = await recordPollFailure(dependencies.store, poller.name, {
    at: at.toISOString(),
    error,
    nextAttemptAt: retryAt,
  });
  dependencies.logger.warn(
    { err, poller: poller.name, failures: state.failures, retryAt },
    'poll failed; backing off',
  );
  return { status: 'failed', error, failures: state.failures, retryAt };
}

/** The wait after the `failures`-th failure in a row: `initialMs`, doubling, at most `maxMs`. */
export function backoffDelay(failures: number, backoff: PollerBackoffConfig): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 40);
  return Math.min(backoff.initialMs * 2 ** exponent, backoff.maxMs);
}

/** True when `item` comes after the checkpoint in watermark order, ties broken by id. */
export function isAfter(
  item: Record<string, unknown>,
  checkpoint: Checkpoint,
  config: Pick<PollerConfig, 'watermark' | 'idField'>,
): boolean {
  if (checkpoint.watermark === null) return true;
  const byWatermark = compareValues(String(item[config.watermark]), checkpoint.watermark);
  if (byWatermark !== 0) return byWatermark > 0;
  return compareValues(String(item[config.idField]), checkpoint.lastId ?? '') > 0;
}

function checkpointOf(
  item: Record<string, unknown> | undefined,
  config: Pick<PollerConfig, 'watermark' | 'idField'>,
): Checkpoint | undefined {
  if (item === undefined) return undefined;
  return { watermark: String(item[config.watermark]), lastId: String(item[config.idField]) };
}

/** Orders timestamps by time, numeric ids by value, and anything else as text. */
function compareValues(a: string, b: string): number {
  if (/^[0-9]+$/.test(a) && /^[0-9]+$/.test(b)) return Math.sign(Number(a) - Number(b));
  const times = [Date.parse(a), Date.parse(b)];
  if (!times.some(Number.isNaN)) return Math.sign((times[0] ?? 0) - (times[1] ?? 0));
  return a < b ? -1 : a > b ? 1 : 0;
}
