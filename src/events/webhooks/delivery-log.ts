import { markReplayed } from '../dead-letters.js';
import type { CloudEvent } from '../envelope.js';
import { readPage, type PageOf, type PageRequest } from '../../store/platform/paging.js';
import type { Store } from '../../store/index.js';
import { insertDelivery, type DeliveryStatus } from './deliveries.js';
import { webhooksDb, type AttemptRow, type DeliveryRow } from './schema.js';

/** One POST of a delivery, as the delivery log shows it. */
export interface DeliveryAttempt {
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode?: number;
  error?: string;
  nextAttemptAt?: string;
}

/** A delivery with its whole attempt log, as the platform API shows it. */
export interface DeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  nextAttemptAt?: string;
  deadLetterId?: string;
  replayOf?: string;
  attempts: DeliveryAttempt[];
  createdAt: string;
  updatedAt: string;
}

/** One page of the webhook's deliveries, newest first, each with its attempts oldest first. */
export async function listDeliveries(
  store: Store,
  webhookId: string,
  query: PageRequest & { status?: DeliveryStatus | undefined },
): Promise<PageOf<DeliveryRecord>> {
  const page = await readPage(
    query,
    (after, take) => {
      let select = webhooksDb(store)
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('webhook_id', '=', webhookId);
      if (query.status !== undefined) select = select.where('status', '=', query.status);
      if (after !== undefined) select = select.where(after);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    (row) => row,
  );
  const attempts = await attemptsOf(
    store,
    page.items.map((row) => row.id),
  );
  return {
    items: page.items.map((row) => toRecord(row, attempts.get(row.id) ?? [])),
    nextCursor: page.nextCursor,
  };
}

/** The delivery of this webhook with this id, with its attempts, or undefined. */
export async function getDelivery(
  store: Store,
  webhookId: string,
  deliveryId: string,
): Promise<DeliveryRecord | undefined> {
  const row = await webhooksDb(store)
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('id', '=', deliveryId)
    .where('webhook_id', '=', webhookId)
    .executeTakeFirst();
  if (!row) return undefined;
  return toRecord(row, (await attemptsOf(store, [row.id])).get(row.id) ?? []);
}

/** What replaying a delivery came to. */
export type ReplayResult =
  | { outcome: 'queued'; delivery: DeliveryRecord }
  | { outcome: 'not-found' }
  | { outcome: 'still-pending' };

/**
 * Queues the event of a finished delivery again for the same webhook, as a new delivery due at
 * once that names the one it replays; a dead-lettered one counts a replay of its dead letter. A
 * pending delivery is not replayed: it is still trying.
 */
export function replayDelivery(
  store: Store,
  webhookId: string,
  deliveryId: string,
): Promise<ReplayResult> {
  return store.transaction(async (tx) => {
    const original = await webhooksDb(tx)
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', deliveryId)
      .where('webhook_id', '=', webhookId)
      .executeTakeFirst();
    if (!original) return { outcome: 'not-found' };
    if (original.status === 'pending') return { outcome: 'still-pending' };
    const event = JSON.parse(original.body) as CloudEvent;
    const row = await insertDelivery(tx, {
      webhookId,
      event,
      body: original.body,
      replayOf: original.id,
    });
    if (original.dead_letter_id !== null) await markReplayed(tx, original.dead_letter_id);
    return { outcome: 'queued', delivery: toRecord(row, []) };
  });
}

async function attemptsOf(
  store: Store,
  deliveryIds: string[],
): Promise<Map<string, DeliveryAttempt[]>> {
  const byDelivery = new Map<string, DeliveryAttempt[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await webhooksDb(store)
    .selectFrom('webhook_delivery_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('attempt')
    .execute();
  for (const row of rows) {
    const list = byDelivery.get(row.delivery_id) ?? [];
    list.push(toAttempt(row));
    byDelivery.set(row.delivery_id, list);
  }
  return byDelivery;
}

function toAttempt(row: AttemptRow): DeliveryAttempt {
  return {
    attempt: Number(row.attempt),
    startedAt: row.started_at,
    durationMs: Number(row.duration_ms),
    ...(row.status_code === null ? {} : { statusCode: Number(row.status_code) }),
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.next_attempt_at === null ? {} : { nextAttemptAt: row.next_attempt_at }),
  };
}

function toRecord(row: DeliveryRow, attempts: DeliveryAttempt[]): DeliveryRecord {
  const pending = row.status === 'pending' && row.next_attempt_at !== null;
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status as DeliveryStatus,
    ...(pending ? { nextAttemptAt: new Date(Number(row.next_attempt_at)).toISOString() } : {}),
    ...(row.dead_letter_id === null ? {} : { deadLetterId: row.dead_letter_id }),
    ...(row.replay_of === null ? {} : { replayOf: row.replay_of }),
    attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
