import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import type { Consumer } from './bus.js';
import { getDeadLetter, markReplayed, type DeadLetter } from './dead-letters.js';
import { deliver, DEFAULT_RETRY } from './embedded-bus.js';
import type { CloudEvent } from './envelope.js';
import { eventsDb } from './events-tables.js';
import { checkEvent } from './validation.js';

/** Finds a consumer running in this process by name. */
export type ConsumerLookup = (name: string) => Consumer | undefined;

/** What replaying a dead letter came to. */
export type ReplayOutcome =
  | { outcome: 'replayed'; letter: DeadLetter }
  | { outcome: 'not-found' }
  | { outcome: 'invalid'; reason: string }
  | { outcome: 'no-consumer'; consumer: string };

/**
 * Replays the dead letter `id`: a `consume` letter is delivered again to its consumer, found
 * through `consumers`, with fresh attempts (failing again dead-letters it anew); any other goes
 * back to the outbox as a new row, which the relay publishes. Refuses an event that still breaks
 * its schema, and a consumer that does not run in this process.
 */
export async function replayDeadLetter(
  store: Store,
  id: string,
  consumers: ConsumerLookup,
  logger: Logger,
): Promise<ReplayOutcome> {
  const letter = await getDeadLetter(store, id);
  if (letter === undefined) return { outcome: 'not-found' };
  const reason = checkEvent(letter.payload);
  if (reason !== undefined) return { outcome: 'invalid', reason };
  const event = letter.payload as CloudEvent;

  if (letter.stage === 'consume' && letter.consumer !== undefined) {
    const consumer = consumers(letter.consumer);
    if (consumer === undefined) return { outcome: 'no-consumer', consumer: letter.consumer };
    const replayed = await markReplayed(store, id);
    await deliver(store, consumer, event, DEFAULT_RETRY, logger);
    return replayed ? { outcome: 'replayed', letter: replayed } : { outcome: 'not-found' };
  }

  const replayed = await store.transaction(async (tx) => {
    await requeue(tx, event);
    return markReplayed(tx, id);
  });
  return replayed ? { outcome: 'replayed', letter: replayed } : { outcome: 'not-found' };
}

/** Puts `event` at the end of the outbox, in place of its earlier row. */
async function requeue(tx: Store, event: CloudEvent): Promise<void> {
  const db = eventsDb(tx);
  await db.deleteFrom('event_outbox').where('event_id', '=', event.id).execute();
  await db
    .insertInto('event_outbox')
    .values({
      event_id: event.id,
      subject: event.subject,
      type: event.type,
      event: JSON.stringify(event),
      created_at: new Date().toISOString(),
    })
    .execute();
}
