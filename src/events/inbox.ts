import type { Store } from '../store/index.js';
import { eventsDb } from './events-tables.js';

/**
 * Runs `work` and records that `consumer` handled `eventId`, in one transaction, so the effect of
 * an event and its inbox row commit together. Resolves false without running `work` when the
 * consumer already handled the event; a concurrent second call waits for the first and does too.
 * @example
 * await handleOnce(store, 'billing-sync', event.id, async (tx) => {
 *   await tx.records('invoices').update(invoice);
 * });
 */
export async function handleOnce(
  store: Store,
  consumer: string,
  eventId: string,
  work: (tx: Store) => Promise<void>,
): Promise<boolean> {
  return store.transaction(async (tx) => {
    const inserted = await eventsDb(tx)
      .insertInto('event_inbox')
      .values({ consumer, event_id: eventId, handled_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.columns(['consumer', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (inserted === undefined) return false;

    await work(tx);
    return true;
  });
}

/** Whether `consumer` has handled `eventId`. */
export async function hasHandled(
  store: Store,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const row = await eventsDb(store)
    .selectFrom('event_inbox')
    .select('event_id')
    .where('consumer', '=', consumer)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return row !== undefined;
}
