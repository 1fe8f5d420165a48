import { insertRows } from '../store/bulk-insert.js';
import type { Store } from '../store/index.js';
import type { CloudEvent } from './envelope.js';
import { eventsDb } from './events-tables.js';

type AppendListener = () => void;

const appendListeners = new Set<AppendListener>();

const OUTBOX = {
  table: 'event_outbox',
  columns: ['event_id', 'subject', 'type', 'event', 'created_at'],
  skipConflictsOn: 'event_id',
} as const;

/**
 * Stores `events` in the outbox, in order, as part of the transaction `tx` is bound to, so a state
 * change and its events commit together or not at all. The relay publishes them once committed.
 * An event id already in the outbox is kept as first stored, so appending it again is harmless.
 * @example
 * await store.transaction(async (tx) => {
 *   await tx.records('orders').create(order);
 *   await appendToOutbox(tx, [buildCanonicalEvent(order, change)]);
 * });
 */
export async function appendToOutbox(tx: Store, events: readonly CloudEvent[]): Promise<void> {
  await appendEntriesToOutbox(tx, events.map(toOutboxEntry));
}

/** An event as the outbox stores it: serialised, with the attributes the relay reads beside. */
export interface OutboxEntry {
  readonly id: string;
  readonly subject: string;
  readonly type: string;
  /** The whole CloudEvent as JSON text. */
  readonly json: string;
}

/** The outbox entry of `event`; serialising ahead of the transaction keeps it shorter. */
export function toOutboxEntry(event: CloudEvent): OutboxEntry {
  return { id: event.id, subject: event.subject, type: event.type, json: JSON.stringify(event) };
}

/** `appendToOutbox` for events already serialised by `toOutboxEntry`; the same guarantees. */
export async function appendEntriesToOutbox(
  tx: Store,
  entries: readonly OutboxEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const createdAt = new Date().toISOString();
  const rows = entries.map((entry) => [entry.id, entry.subject, entry.type, entry.json, createdAt]);
  await insertRows(tx, OUTBOX, rows);
  notifyAppended();
}

/**
 * Calls `listener` soon after this process appends to the outbox, so a relay in this process can
 * wake at once instead of waiting for its next poll. Returns the function that stops it.
 */
export function onOutboxAppend(listener: AppendListener): () => void {
  appendListeners.add(listener);
  return () => appendListeners.delete(listener);
}

function notifyAppended(): void {
  // The rows are visible once the caller's transaction commits, which happens after this returns.
  if (appendListeners.size === 0) return;
  setImmediate(() => {
    for (const listener of appendListeners) listener();
  });
}

/** An outbox row waiting for the relay, with its event parsed. */
export interface PendingEvent {
  position: number;
  attempts: number;
  event: CloudEvent;
}

/** The oldest unsent outbox rows, at most `limit`, in append order. */
export async function readPendingEvents(store: Store, limit: number): Promise<PendingEvent[]> {
  const rows = await eventsDb(store)
    .selectFrom('event_outbox')
    .select(['position', 'attempts', 'event'])
    .where('sent_at', 'is', null)
    .orderBy('position')
    .limit(limit)
    .execute();
  return rows.map(toPendingEvent);
}

function toPendingEvent(row: {
  position: number | string;
  attempts: number;
  event: string;
}): PendingEvent {
  // The relay alone parses rows; appendToOutbox wrote each as a whole CloudEvent.
  return {
    position: Number(row.position),
    attempts: Number(row.attempts),
    event: JSON.parse(row.event) as CloudEvent,
  };
}

/** Marks the rows at `positions` sent, so the relay does not publish them again. */
export async function markSent(store: Store, positions: readonly number[]): Promise<void> {
  if (positions.length === 0) return;
  await eventsDb(store)
    .updateTable('event_outbox')
    .set({ sent_at: new Date().toISOString() })
    .where('position', 'in', [...positions])
    .execute();
}

/** Records a failed publication of the row at `position`; the row stays unsent. */
export async function markFailed(store: Store, position: number, reason: string): Promise<void> {
  await eventsDb(store)
    .updateTable('event_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: reason }))
    .where('position', '=', position)
    .execute();
}

/** How many outbox rows wait for the relay. */
export async function countPendingEvents(store: Store): Promise<number> {
  const row = await eventsDb(store)
    .selectFrom('event_outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('sent_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
