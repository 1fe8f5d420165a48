import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import { acquireLease, releaseLease } from '../store/leases.js';
import type { EventBus } from './bus.js';
import { recordDeadLetter } from './dead-letters.js';
import {
  markFailed,
  markSent,
  onOutboxAppend,
  readPendingEvents,
  type PendingEvent,
} from './outbox.js';
import { checkEvent } from './validation.js';

/** The lease only the relaying process holds. */
export const RELAY_LEASE = 'outbox-relay';

/** Where the relay reads and publishes, and how often. */
export interface RelayOptions {
  store: Store;
  bus: EventBus;
  logger: Logger;
  /** This process in the lease table; unique per process by default. */
  holder?: string;
  /** The wait between two polls of an empty outbox; 250 ms unless set. */
  pollIntervalMs?: number;
  /** How long the lease lasts unrenewed; renewed every third of it. 15 s unless set. */
  leaseTtlMs?: number;
  /** Rows read per poll; 200 unless set. */
  batchSize?: number;
  /** Subjects published at the same time; 16 unless set. */
  concurrency?: number;
}

/** A running relay. */
export interface OutboxRelay {
  /** Ends relaying after the rows in hand, and gives the lease up. */
  stop(): Promise<void>;
}

// A wake comes as the rows are appended, before their transaction commits: while they are not yet
// visible, look again after 10, 20, 40... ms, then go back to polling.
const COMMIT_GRACE_MS = 10;
const GRACE_TRIES = 6;

/**
 * Starts publishing outbox rows to the bus: in append order per subject, an unsent or failing row
 * holding back the later rows of its subject while other subjects go on; each row marked sent
 * once the bus accepted it, so a crash publishes it again (at least once). Only the holder of the
 * `outbox-relay` lease relays; other processes stand by and take over when it lapses. A row whose
 * event breaks its AsyncAPI schema goes to the dead letters (stage `publish`) and counts as sent.
 */
export function startOutboxRelay(options: RelayOptions): OutboxRelay {
  const settings = {
    holder: options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    leaseTtlMs: options.leaseTtlMs ?? 15_000,
    batchSize: options.batchSize ?? 200,
    concurrency: options.concurrency ?? 16,
  };
  const logger = options.logger.child({ relay: settings.holder });
  const waker = createWaker();
  const stopAppendListener = onOutboxAppend(waker.wake);
  let stopped = false;
  let leading = false;

  const holdLease = async (): Promise<boolean> => {
    const held = await acquireLease(
      options.store,
      RELAY_LEASE,
      settings.holder,
      settings.leaseTtlMs,
    ).catch((err: unknown) => {
      logger.error({ err }, 'outbox relay could not renew its lease');
      return false;
    });
    if (held !== leading)
      logger.info({ leading: held }, held ? 'outbox relay leads' : 'outbox relay stands by');
    leading = held;
    return held;
  };
  let renewing: Promise<boolean> | undefined;
  const renewal = setInterval(
    () => {
      renewing ??= holdLease().finally(() => (renewing = undefined));
    },
    Math.max(1, settings.leaseTtlMs / 3),
  );

  const loop = (async () => {
    let graceLeft = 0;
    while (!stopped) {
      if (!leading && !(await holdLease())) {
        await waker.wait(settings.pollIntervalMs);
        continue;
      }
      const outcome = await relayBatch(options, settings, () => leading && !stopped, logger).catch(
        (err: unknown) => {
          logger.error({ err }, 'outbox relay failed to read or mark rows');
          return 'failed' as const;
        },
      );
      if (outcome === 'more') {
        // Let requests in between batches: on SQLite with the embedded bus, a backlog would
        // otherwise drain as one chain of promises that keeps the process from serving.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      if (outcome === 'empty' && graceLeft > 0) {
        await waker.wait(COMMIT_GRACE_MS * 2 ** (GRACE_TRIES - graceLeft));
        graceLeft -= 1;
        continue;
      }
      graceLeft = (await waker.wait(settings.pollIntervalMs)) ? GRACE_TRIES : 0;
    }
  })();

  return {
    async stop() {
      stopped = true;
      clearInterval(renewal);
      stopAppendListener();
      waker.wake();
      await loop;
      await renewing;
      if (leading) await releaseLease(options.store, RELAY_LEASE, settings.holder);
      leading = false;
    },
  };
}

type BatchOutcome = 'empty' | 'more' | 'failed' | 'done';

/** Publishes one batch of pending rows; says whether to poll again at once. */
async function relayBatch(
  options: RelayOptions,
  settings: { batchSize: number; concurrency: number },
  mayGoOn: () => boolean,
  logger: Logger,
): Promise<BatchOutcome> {
  const pending = await readPendingEvents(options.store, settings.batchSize);
  if (pending.length === 0) return 'empty';

  const sent: number[] = [];
  let failed = false;
  const subjects = [...groupBySubject(pending).values()];
  await runLimited(subjects, settings.concurrency, async (rows) => {
    for (const row of rows) {
      if (!mayGoOn()) return;
      const published = await publishRow(options, row, logger);
      if (!published) {
        failed = true;
        return;
      }
      sent.push(row.position);
    }
  });
  await markSent(options.store, sent);
  if (failed) return 'failed';
  return pending.length === settings.batchSize ? 'more' : 'done';
}

/** Publishes one row, or dead-letters it when invalid; false when the bus refused it. */
async function publishRow(
  options: RelayOptions,
  row: PendingEvent,
  logger: Logger,
): Promise<boolean> {
  const { event } = row;
  const invalid = checkEvent(event);
  if (invalid !== undefined) {
    await recordDeadLetter(options.store, {
      stage: 'publish',
      eventId: event.id,
      eventType: event.type,
      payload: event,
      reason: `the event breaks its schema: ${invalid}`,
    });
    logger.warn({ eventId: event.id, reason: invalid }, 'outbox row dead-lettered');
    return true;
  }
  try {
    await options.bus.publish(event);
    return true;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    logger.warn({ err, eventId: event.id, subject: event.subject }, 'outbox row not published');
    await markFailed(options.store, row.position, reason);
    return false;
  }
}

function groupBySubject(rows: readonly PendingEvent[]): Map<string, PendingEvent[]> {
  const groups = new Map<string, PendingEvent[]>();
  for (const row of rows) {
    const group = groups.get(row.event.subject) ?? [];
    group.push(row);
    groups.set(row.event.subject, group);
  }
  return groups;
}

async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A wait that ends early when woken; `wait` says whether it was woken. */
function createWaker() {
  let wakeUp: (() => void) | undefined;
  let woken = false;
  return {
    wake: () => {
      woken = true;
      wakeUp?.();
    },
    wait(ms: number): Promise<boolean> {
      if (woken) {
        woken = false;
        return Promise.resolve(true);
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => finish(false), ms);
        const finish = (byWake: boolean) => {
          clearTimeout(timer);
          wakeUp = undefined;
          woken = false;
          resolve(byWake);
        };
        wakeUp = () => finish(true);
      });
    },
  };
}
