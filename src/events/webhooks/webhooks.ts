import { randomBytes } from 'node:crypto';

import { readPage, type PageOf, type PageRequest } from '../../store/platform/paging.js';
import type { Store } from '../../store/index.js';
import { generateWebhookSecret } from './signature.js';
import { webhooksDb, type WebhookRow } from './schema.js';

/** A webhook as the platform API shows it: never its secret. */
export interface WebhookRecord {
  id: string;
  url: string;
  eventTypes: string[];
  description?: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A webhook with the secret it signs with, as the delivery worker and the create answer see it. */
export interface SigningWebhook extends WebhookRecord {
  secret: string;
}

/** What a caller sets when it creates a webhook. */
export interface WebhookInput {
  url: string;
  eventTypes: string[];
  description?: string | undefined;
}

/** A merge patch of a webhook; `description: null` removes it. */
export interface WebhookPatch {
  url?: string;
  eventTypes?: string[];
  description?: string | null;
  enabled?: boolean;
}

/** A new id with `prefix`: `_` and 16 random bytes in base64url (22 characters). */
export function webhookRecordId(prefix: 'whk' | 'whd'): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}

/** Stores a new, enabled webhook with a new signing secret and returns it with the secret. */
export async function createWebhook(store: Store, input: WebhookInput): Promise<SigningWebhook> {
  const now = new Date().toISOString();
  const row: WebhookRow = {
    id: webhookRecordId('whk'),
    url: input.url,
    event_types: JSON.stringify(input.eventTypes),
    description: input.description ?? null,
    enabled: 1,
    secret: generateWebhookSecret(),
    created_at: now,
    updated_at: now,
  };
  await webhooksDb(store).insertInto('webhooks').values(row).execute();
  return withSecret(row);
}

/** The webhook with this id, with its secret, or undefined. */
export async function getWebhook(store: Store, id: string): Promise<SigningWebhook | undefined> {
  const row = await webhooksDb(store)
    .selectFrom('webhooks')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && withSecret(row);
}

/** One page of webhooks, newest first. */
export function listWebhooks(store: Store, query: PageRequest): Promise<PageOf<WebhookRecord>> {
  return readPage(
    query,
    (after, take) => {
      let select = webhooksDb(store).selectFrom('webhooks').selectAll();
      if (after !== undefined) select = select.where(after);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    fromRow,
  );
}

/** The enabled webhooks that receive `eventType`. */
export async function webhooksFor(store: Store, eventType: string): Promise<WebhookRecord[]> {
  const rows = await webhooksDb(store)
    .selectFrom('webhooks')
    .selectAll()
    .where('enabled', '=', 1)
    .execute();
  return rows.map(fromRow).filter((webhook) => webhook.eventTypes.includes(eventType));
}

/** Applies a merge patch; undefined when there is no such webhook. */
export async function updateWebhook(
  store: Store,
  id: string,
  patch: WebhookPatch,
): Promise<WebhookRecord | undefined> {
  const changes: Partial<WebhookRow> = { updated_at: new Date().toISOString() };
  if (patch.url !== undefined) changes.url = patch.url;
  if (patch.eventTypes !== undefined) changes.event_types = JSON.stringify(patch.eventTypes);
  if (patch.description !== undefined) changes.description = patch.description;
  if (patch.enabled !== undefined) changes.enabled = patch.enabled ? 1 : 0;
  const row = await webhooksDb(store)
    .updateTable('webhooks')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && fromRow(row);
}

/** Gives the webhook a new secret at once; undefined when there is no such webhook. */
export async function rotateWebhookSecret(
  store: Store,
  id: string,
): Promise<SigningWebhook | undefined> {
  const row = await webhooksDb(store)
    .updateTable('webhooks')
    .set({ secret: generateWebhookSecret(), updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && withSecret(row);
}

/** Deletes the webhook with its deliveries and their attempts; false when there was none. */
export function deleteWebhook(store: Store, id: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const db = webhooksDb(tx);
    const deliveries = db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('webhook_id', '=', id);
    await db
      .deleteFrom('webhook_delivery_attempts')
      .where('delivery_id', 'in', deliveries)
      .execute();
    await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    const deleted = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  });
}

function withSecret(row: WebhookRow): SigningWebhook {
  return { ...fromRow(row), secret: row.secret };
}

function fromRow(row: WebhookRow): WebhookRecord {
  return {
    id: row.id,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as string[],
    ...(row.description === null ? {} : { description: row.description }),
    enabled: Number(row.enabled) === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
