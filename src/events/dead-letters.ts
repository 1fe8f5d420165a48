import { randomUUID } from 'node:crypto';

import { readPage, type PageOf, type PageRequest } from '../store/platform/paging.js';
import type { Store } from '../store/index.js';
import { eventsDb, type DeadLetterRow } from './events-tables.js';

/** Where in the event flow a dead letter was given up on. */
export type DeadLetterStage = 'publish' | 'consume' | (string & {});

/** What is recorded about an event a stage could not get through. */
export interface DeadLetterInput {
  /** `publish` (the relay), `consume` (a consumer of the bus), or another component's stage. */
  stage: string;
  consumer?: string;
  eventId?: string;
  eventType?: string;
  /** The event or message as it arrived; stored as JSON. */
  payload: unknown;
  /** Why it was given up on, in one sentence. */
  reason: string;
}

/** A stored dead letter as the platform API presents it. */
export interface DeadLetter {
  id: string;
  stage: string;
  consumer?: string;
  eventId?: string;
  eventType?: string;
  payload: unknown;
  reason: string;
  createdAt: string;
  /** How many times it was replayed; 0 until the first replay. */
  replayCount: number;
  replayedAt?: string;
}

/** Which dead letters to list: optionally one stage and one consumer. */
export interface DeadLetterQuery extends PageRequest {
  stage?: string | undefined;
  consumer?: string | undefined;
}

/** Stores a dead letter and returns its `dlq_` id; joins the transaction `store` is bound to. */
export async function recordDeadLetter(store: Store, letter: DeadLetterInput): Promise<string> {
  const id = `dlq_${randomUUID().replaceAll('-', '')}`;
  await eventsDb(store)
    .insertInto('event_dead_letters')
    .values({
      id,
      stage: letter.stage,
      consumer: letter.consumer ?? null,
      event_id: letter.eventId ?? null,
      event_type: letter.eventType ?? null,
      payload: JSON.stringify(letter.payload ?? null),
      reason: letter.reason,
      created_at: new Date().toISOString(),
      replay_count: 0,
      replayed_at: null,
    })
    .execute();
  return id;
}

/** The dead letter with this id, or undefined. */
export async function getDeadLetter(store: Store, id: string): Promise<DeadLetter | undefined> {
  const row = await eventsDb(store)
    .selectFrom('event_dead_letters')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** One page of dead letters newest first, optionally of one stage and one consumer. */
export function listDeadLetters(store: Store, query: DeadLetterQuery): Promise<PageOf<DeadLetter>> {
  return readPage(
    query,
    (after, take) => {
      let select = eventsDb(store).selectFrom('event_dead_letters').selectAll();
      if (query.stage !== undefined) select = select.where('stage', '=', query.stage);
      if (query.consumer !== undefined) select = select.where('consumer', '=', query.consumer);
      if (after !== undefined) select = select.where(after);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    fromRow,
  );
}

/** Counts a replay of the dead letter `id` and returns it as it now stands, or undefined. */
export async function markReplayed(store: Store, id: string): Promise<DeadLetter | undefined> {
  await eventsDb(store)
    .updateTable('event_dead_letters')
    .set((eb) => ({
      replay_count: eb('replay_count', '+', 1),
      replayed_at: new Date().toISOString(),
    }))
    .where('id', '=', id)
    .execute();
  return getDeadLetter(store, id);
}

function fromRow(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    stage: row.stage,
    ...(row.consumer === null ? {} : { consumer: row.consumer }),
    ...(row.event_id === null ? {} : { eventId: row.event_id }),
    ...(row.event_type === null ? {} : { eventType: row.event_type }),
    payload: JSON.parse(row.payload) as unknown,
    reason: row.reason,
    createdAt: row.created_at,
    replayCount: Number(row.replay_count),
    ...(row.replayed_at === null ? {} : { replayedAt: row.replayed_at }),
  };
}
