import type { Kysely } from 'kysely';

import type { Store } from '../../store/index.js';

/** The steps a poll handler may leave to do after an item: F7's CRM billing snapshot. */
export type FollowUpStep = 'crm-snapshot';

/** A step a handler left to do for an item, pending until it is done or given up on. */
export interface FollowUp {
  poller: string;
  step: FollowUpStep;
  /** The polled item's id, such as the ERP internal id of a customer payment. */
  itemId: string;
  /** The record the item became, such as its canonical payment. */
  recordId: string;
  queuedAt: string;
  /** Attempts that failed so far; 0 until the first failure. */
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
}

interface FollowUpRow {
  poller: string;
  step: string;
  item_id: string;
  record_id: string;
  queued_at: string;
  // integer: both dialects return int4 as a number.
  attempts: number;
  last_error: string | null;
  last_attempt_at: string | null;
}

function followUpsDb(store: Store): Kysely<{ poller_follow_ups: FollowUpRow }> {
  return store.db as Kysely<{ poller_follow_ups: FollowUpRow }>;
}

type FollowUpKey = Pick<FollowUp, 'poller' | 'step' | 'itemId'>;

/** Queues `step` for an item; call it in the transaction that stores the item's record. */
export async function queueFollowUp(
  store: Store,
  followUp: FollowUpKey & { recordId: string },
): Promise<void> {
  await followUpsDb(store)
    .insertInto('poller_follow_ups')
    .values({
      poller: followUp.poller,
      step: followUp.step,
      item_id: followUp.itemId,
      record_id: followUp.recordId,
      queued_at: new Date().toISOString(),
      attempts: 0,
      last_error: null,
      last_attempt_at: null,
    })
    .execute();
}

/** The pending follow-ups of `step` for a poller, oldest first, at most `limit`. */
export async function listFollowUps(
  store: Store,
  query: { poller: string; step: FollowUpStep; limit: number },
): Promise<FollowUp[]> {
  const rows = await followUpsDb(store)
    .selectFrom('poller_follow_ups')
    .selectAll()
    .where('poller', '=', query.poller)
    .where('step', '=', query.step)
    .orderBy('queued_at')
    .orderBy('item_id')
    .limit(query.limit)
    .execute();
  return rows.map(followUpOf);
}

/** Records a failed attempt at a follow-up, which stays pending. */
export async function recordFollowUpFailure(
  store: Store,
  followUp: FollowUpKey,
  failure: { error: string; at: string },
): Promise<void> {
  await followUpsDb(store)
    .updateTable('poller_follow_ups')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: failure.error,
      last_attempt_at: failure.at,
    }))
    .where('poller', '=', followUp.poller)
    .where('step', '=', followUp.step)
    .where('item_id', '=', followUp.itemId)
    .execute();
}

/** Removes a follow-up that is done, or that was given up on and recorded elsewhere. */
export async function finishFollowUp(store: Store, followUp: FollowUpKey): Promise<void> {
  await followUpsDb(store)
    .deleteFrom('poller_follow_ups')
    .where('poller', '=', followUp.poller)
    .where('step', '=', followUp.step)
    .where('item_id', '=', followUp.itemId)
    .execute();
}

function followUpOf(row: FollowUpRow): FollowUp {
  return {
    poller: row.poller,
    step: row.step as FollowUpStep,
    itemId: row.item_id,
    recordId: row.record_id,
    queuedAt: row.queued_at,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    lastAttemptAt: row.last_attempt_at,
  };
}
