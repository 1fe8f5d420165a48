import type { Kysely } from 'kysely';

import type { Store } from '../../store/index.js';

/** A row of `webhooks`; `event_types` is a JSON array, `enabled` is 1 or 0. */
export interface WebhookRow {
  id: string;
  url: string;
  event_types: string;
  description: string | null;
  enabled: number;
  // TODO: encrypt signing secrets at rest — anyone who reads the database can sign as Junction.
  secret: string;
  created_at: string;
  updated_at: string;
}

/**
 * A row of `webhook_deliveries`: one event queued for one webhook. `body` holds the exact bytes
 * every attempt sends; times in milliseconds are bigint, which PostgreSQL returns as strings.
 */
export interface DeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: number | string | null;
  leased_by: string | null;
  lease_until: number | string | null;
  dead_letter_id: string | null;
  replay_of: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `webhook_delivery_attempts`: one POST of a delivery. */
export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  next_attempt_at: string | null;
}

/** A row of `webhook_inbound_seen`: an inbound webhook id accepted from one source. */
export interface InboundSeenRow {
  source: string;
  webhook_id: string;
  seen_at: number | string;
}

/** The tables of migration 0006_webhooks. */
export interface WebhooksDatabase {
  webhooks: WebhookRow;
  webhook_deliveries: DeliveryRow;
  webhook_delivery_attempts: AttemptRow;
  webhook_inbound_seen: InboundSeenRow;
}

/** The store's database, typed to the webhook tables. */
export function webhooksDb(store: Store): Kysely<WebhooksDatabase> {
  return store.db as Kysely<WebhooksDatabase>;
}
