import { recordDeadLetter } from '../dead-letters.js';
import type { CloudEvent } from '../envelope.js';
import type { Store } from '../../store/index.js';
import { webhooksFor, webhookRecordId } from './webhooks.js';
import { webhooksDb, type AttemptRow, type DeliveryRow } from './schema.js';

/** The bus consumer that queues deliveries, and the consumer its dead letters name. */
export const WEBHOOKS_CONSUMER = 'webhooks';

/** Where a delivery stands: waiting for an attempt, answered 2xx, or given up on. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead-lettered';

/** A delivery the worker holds the lease of, with the bytes to send. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  body: string;
  /** Attempts made before this one. */
  attempts: number;
}

/** How one attempt ended, and what comes of it. */
export interface AttemptOutcome {
  startedAt: Date;
  durationMs: number;
  statusCode?: number;
  error?: string;
  /** `delivered`, `retry` at `at` (epoch ms), or `dead-lettered` for `reason`. */
  next:
    | { kind: 'delivered' }
    | { kind: 'retry'; at: number }
    | { kind: 'dead-lettered'; reason: string };
}

/**
 * Queues `event` for every enabled webhook whose filter names its type, due at once; joins the
 * transaction `store` is bound to. Returns how many deliveries it queued.
 */
export async function enqueueDeliveries(store: Store, event: CloudEvent): Promise<number> {
  const webhooks = await webhooksFor(store, event.type);
  const body = JSON.stringify(event);
  for (const webhook of webhooks) {
    await insertDelivery(store, { webhookId: webhook.id, event, body, replayOf: null });
  }
  return webhooks.length;
}

/**
 * Leases up to `limit` due deliveries to `holder` for `leaseMs`. Each row is taken by one
 * conditional update, so two workers racing for a row never both get it; a lease that ran out
 * (a worker died mid-attempt) makes the row due again.
 */
export async function claimDueDeliveries(
  store: Store,
  holder: string,
  options: { limit: number; leaseMs: number; now?: number },
): Promise<ClaimedDelivery[]> {
  const now = options.now ?? Date.now();
  const db = webhooksDb(store);
  const candidates = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
    .orderBy('next_attempt_at')
    .limit(options.limit)
    .execute();
  const claimed: ClaimedDelivery[] = [];
  for (const { id } of candidates) {
    const row = await db
      .updateTable('webhook_deliveries')
      .set({ leased_by: holder, lease_until: now + options.leaseMs })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .returningAll()
      .executeTakeFirst();
    if (row) claimed.push(toClaimed(row));
  }
  return claimed;
}

/** The dead-letter stage of a webhook delivery that used up its retry schedule. */
export const DELIVERY_DEAD_LETTER_STAGE = 'webhook-delivery';

/**
 * Logs one attempt and moves the delivery on as `outcome.next` says, releasing the lease, in one
 * transaction; a dead-lettered delivery records its dead letter in the same transaction. False,
 * with nothing written, when `holder` no longer holds the delivery.
 */
export function recordAttempt(
  store: Store,
  delivery: ClaimedDelivery,
  holder: string,
  outcome: AttemptOutcome,
): Promise<boolean> {
  const attempt = delivery.attempts + 1;
  const { next } = outcome;
  return store.transaction(async (tx) => {
    const db = webhooksDb(tx);
    const updated = await db
      .updateTable('webhook_deliveries')
      .set({
        status: next.kind === 'retry' ? 'pending' : next.kind,
        attempts: attempt,
        next_attempt_at: next.kind === 'retry' ? next.at : null,
        leased_by: null,
        lease_until: null,
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', delivery.id)
      .where('leased_by', '=', holder)
      .where('attempts', '=', delivery.attempts)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await db
      .insertInto('webhook_delivery_attempts')
      .values(attemptRow(delivery, outcome))
      .execute();
    if (next.kind === 'dead-lettered') await deadLetter(tx, delivery, next.reason);
    return true;
  });
}

async function deadLetter(tx: Store, delivery: ClaimedDelivery, reason: string): Promise<void> {
  const deadLetterId = await recordDeadLetter(tx, {
    stage: DELIVERY_DEAD_LETTER_STAGE,
    consumer: WEBHOOKS_CONSUMER,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    payload: {
      webhookId: delivery.webhookId,
      deliveryId: delivery.id,
      event: JSON.parse(delivery.body) as unknown,
    },
    reason,
  });
  await webhooksDb(tx)
    .updateTable('webhook_deliveries')
    .set({ dead_letter_id: deadLetterId })
    .where('id', '=', delivery.id)
    .execute();
}

/** Queues `event` for one webhook as a new delivery due at once; joins `store`'s transaction. */
export async function insertDelivery(
  store: Store,
  delivery: { webhookId: string; event: CloudEvent; body: string; replayOf: string | null },
): Promise<DeliveryRow> {
  const now = new Date();
  const row: DeliveryRow = {
    id: webhookRecordId('whd'),
    webhook_id: delivery.webhookId,
    event_id: delivery.event.id,
    event_type: delivery.event.type,
    body: delivery.body,
    status: 'pending',
    attempts: 0,
    next_attempt_at: now.getTime(),
    leased_by: null,
    lease_until: null,
    dead_letter_id: null,
    replay_of: delivery.replayOf,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await webhooksDb(store).insertInto('webhook_deliveries').values(row).execute();
  return row;
}

function attemptRow(delivery: ClaimedDelivery, outcome: AttemptOutcome): AttemptRow {
  const { next } = outcome;
  return {
    delivery_id: delivery.id,
    attempt: delivery.attempts + 1,
    started_at: outcome.startedAt.toISOString(),
    duration_ms: Math.round(outcome.durationMs),
    status_code: outcome.statusCode ?? null,
    error: outcome.error?.slice(0, 1000) ?? null,
    next_attempt_at: next.kind === 'retry' ? new Date(next.at).toISOString() : null,
  };
}

function toClaimed(row: DeliveryRow): ClaimedDelivery {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    eventId: row.event_id,
    eventType: row.event_type,
    body: row.body,
    attempts: Number(row.attempts),
  };
}
