import type { Kysely } from 'kysely';

import type { Store } from '../../store/index.js';

/** Where a poller has got to: the watermark and id of the last item it handled. */
export interface Checkpoint {
  watermark: string | null;
  lastId: string | null;
}

/** A poller's checkpoint and health, as stored. */
export interface PollerState extends Checkpoint {
  name: string;
  /** Failed polls in a row; 0 after a successful one. */
  failures: number;
  lastError: string | null;
  /** While failing: no poll starts before this time (ISO 8601). */
  nextAttemptAt: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  /** Items handled since the poller first ran. */
  itemsHandled: number;
}

interface PollerStateRow {
  name: string;
  watermark: string | null;
  last_id: string | null;
  failures: number;
  last_error: string | null;
  next_attempt_at: string | null;
  last_polled_at: string | null;
  last_success_at: string | null;
  // bigint: PostgreSQL returns int8 as a string, SQLite as a number.
  items_handled: number | string;
}

interface PollerItemRow {
  poller: string;
  item_id: string;
  record_id: string;
  handled_at: string;
}

interface PollDatabase {
  poller_states: PollerStateRow;
  poller_items: PollerItemRow;
}

function pollDb(store: Store): Kysely<PollDatabase> {
  return store.db as Kysely<PollDatabase>;
}

/** The state of the poller `name`; a poller that never ran has an empty checkpoint. */
export async function readPollerState(store: Store, name: string): Promise<PollerState> {
  const row = await pollDb(store)
    .selectFrom('poller_states')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  return row === undefined ? emptyState(name) : stateOf(row);
}

/** Every poller that has run, by name. */
export async function listPollerStates(store: Store): Promise<PollerState[]> {
  const rows = await pollDb(store)
    .selectFrom('poller_states')
    .selectAll()
    .orderBy('name')
    .execute();
  return rows.map(stateOf);
}

/** Moves the checkpoint on after `handled` more items were handled. */
export async function saveCheckpoint(
  store: Store,
  name: string,
  checkpoint: Checkpoint,
  handled: number,
): Promise<void> {
  const current = await readPollerState(store, name);
  await writeState(store, {
    ...current,
    ...checkpoint,
    itemsHandled: current.itemsHandled + handled,
  });
}

/** Records a successful poll at `at`: failures, the last error and the backoff are cleared. */
export async function recordPollSuccess(store: Store, name: string, at: string): Promise<void> {
  const current = await readPollerState(store, name);
  await writeState(store, {
    ...current,
    failures: 0,
    lastError: null,
    nextAttemptAt: null,
    lastPolledAt: at,
    lastSuccessAt: at,
  });
}

/** Records a failed poll at `at`, and that no poll starts before `nextAttemptAt`. */
export async function recordPollFailure(
  store: Store,
  name: string,
  failure: { at: string; error: string; nextAttemptAt: string },
): Promise<PollerState> {
  const current = await readPollerState(store, name);
  const next = {
    ...current,
    failures: current.failures + 1,
    lastError: failure.error,
    nextAttemptAt: failure.nextAttemptAt,
    lastPolledAt: failure.at,
  };
  await writeState(store, next);
  return next;
}

/** The record an item became, when the poller `poller` has handled the item `itemId` before. */
export async function findPolledItem(
  store: Store,
  poller: string,
  itemId: string,
): Promise<string | undefined> {
  const row = await pollDb(store)
    .selectFrom('poller_items')
    .select('record_id')
    .where('poller', '=', poller)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return row?.record_id;
}

/** Remembers that `itemId` became `recordId`; call it in the transaction that stores the record. */
export async function rememberPolledItem(
  store: Store,
  poller: string,
  itemId: string,
  recordId: string,
): Promise<void> {
  await pollDb(store)
    .insertInto('poller_items')
    .values({ poller, item_id: itemId, record_id: recordId, handled_at: new Date().toISOString() })
    .execute();
}

async function writeState(store: Store, state: PollerState): Promise<void> {
  const row = rowOf(state);
  const changes: Partial<PollerStateRow> = { ...row };
  delete changes.name;
  await pollDb(store)
    .insertInto('poller_states')
    .values(row)
    .onConflict((conflict) => conflict.column('name').doUpdateSet(changes))
    .execute();
}

function emptyState(name: string): PollerState {
  return {
    name,
    watermark: null,
    lastId: null,
    failures: 0,
    lastError: null,
    nextAttemptAt: null,
    lastPolledAt: null,
    lastSuccessAt: null,
    itemsHandled: 0,
  };
}

function stateOf(row: PollerStateRow): PollerState {
  return {
    name: row.name,
    watermark: row.watermark,
    lastId: row.last_id,
    failures: Number(row.failures),
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    lastPolledAt: row.last_polled_at,
    lastSuccessAt: row.last_success_at,
    itemsHandled: Number(row.items_handled),
  };
}

function rowOf(state: PollerState): PollerStateRow {
  return {
    name: state.name,
    watermark: state.watermark,
    last_id: state.lastId,
    failures: state.failures,
    last_error: state.lastError,
    next_attempt_at: state.nextAttemptAt,
    last_polled_at: state.lastPolledAt,
    last_success_at: state.lastSuccessAt,
    items_handled: state.itemsHandled,
  };
}
