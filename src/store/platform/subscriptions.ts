import type { Store } from '../open-store.js';
import { platformId } from './ids.js';
import { readPage, type PageOf, type PageRequest } from './paging.js';
import { bumpConfigRevision } from './revision.js';
import { platformDb, type SubscriptionRow } from './schema.js';
import { isUniqueViolation } from './unique.js';

/** Only an `approved` subscription lets its client call the API version. */
export type SubscriptionStatus = 'pending' | 'approved' | 'revoked';

/** A client's access to one API version on one plan. */
export interface SubscriptionRecord {
  id: string;
  clientId: string;
  apiId: string;
  planId: string;
  status: SubscriptionStatus;
  createdAt: string;
  updatedAt: string;
}

/** The fields a new subscription is made from; the id and timestamps are assigned. */
export type SubscriptionInput = Pick<
  SubscriptionRecord,
  'clientId' | 'apiId' | 'planId' | 'status'
>;

/** The filters of a subscription list; absent ones do not narrow it. */
export interface SubscriptionFilters {
  clientId?: string | undefined;
  apiId?: string | undefined;
  status?: SubscriptionStatus | undefined;
}

/**
 * Stores a new subscription and bumps the configuration revision, or, when the client already
 * has one to that API version, leaves everything as it is and returns the existing one.
 */
export async function createSubscription(
  store: Store,
  input: SubscriptionInput,
): Promise<{ created: SubscriptionRecord } | { existing: SubscriptionRecord }> {
  const existing = await findSubscription(store, input.clientId, input.apiId);
  if (existing !== undefined) return { existing };

  const now = new Date().toISOString();
  const record: SubscriptionRecord = {
    ...input,
    id: platformId('sub'),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await platformDb(store).insertInto('platform_subscriptions').values(toRow(record)).execute();
  } catch (err) {
    // A concurrent request made the subscription between the check and the insert.
    const winner = isUniqueViolation(err)
      ? await findSubscription(store, input.clientId, input.apiId)
      : undefined;
    if (winner === undefined) throw err;
    return { existing: winner };
  }
  await bumpConfigRevision(store);
  return { created: record };
}

/** The subscription with this id, or undefined. */
export async function getSubscription(
  store: Store,
  id: string,
): Promise<SubscriptionRecord | undefined> {
  const row = await platformDb(store)
    .selectFrom('platform_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** The client's subscription to the API version, or undefined. */
export async function findSubscription(
  store: Store,
  clientId: string,
  apiId: string,
): Promise<SubscriptionRecord | undefined> {
  const row = await platformDb(store)
    .selectFrom('platform_subscriptions')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('api_id', '=', apiId)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** One page of subscriptions newest first, narrowed by every filter given. */
export function listSubscriptions(
  store: Store,
  query: PageRequest & SubscriptionFilters,
): Promise<PageOf<SubscriptionRecord>> {
  return readPage(
    query,
    (after, take) => {
      let select = platformDb(store).selectFrom('platform_subscriptions').selectAll();
      if (query.clientId !== undefined) select = select.where('client_id', '=', query.clientId);
      if (query.apiId !== undefined) select = select.where('api_id', '=', query.apiId);
      if (query.status !== undefined) select = select.where('status', '=', query.status);
      if (after !== undefined) select = select.where(after);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    fromRow,
  );
}

/** Sets the subscription's status; undefined when there is none. Bumps the revision. */
export async function setSubscriptionStatus(
  store: Store,
  id: string,
  status: SubscriptionStatus,
): Promise<SubscriptionRecord | undefined> {
  const result = await platformDb(store)
    .updateTable('platform_subscriptions')
    .set({ status, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return undefined;
  await bumpConfigRevision(store);
  return getSubscription(store, id);
}

function toRow(record: SubscriptionRecord): SubscriptionRow {
  return {
    id: record.id,
    client_id: record.clientId,
    api_id: record.apiId,
    plan_id: record.planId,
    status: record.status,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

function fromRow(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    apiId: row.api_id,
    planId: row.plan_id,
    status: row.status as SubscriptionStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
