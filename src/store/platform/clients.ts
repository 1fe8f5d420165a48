import type { Store } from '../open-store.js';
import { platformId } from './ids.js';
import { readPage, type PageOf, type PageRequest } from './paging.js';
import { bumpConfigRevision } from './revision.js';
import { platformDb, type ClientRow } from './schema.js';

/** Whether a client may authenticate. */
export type ClientStatus = 'active' | 'disabled';

/** An API client as the platform API presents it. */
export interface ClientRecord {
  id: string;
  name: string;
  description?: string;
  contactEmail: string;
  allowedScopes: string[];
  status: ClientStatus;
  createdAt: string;
  updatedAt: string;
}

/** The fields a new client is made from; the id and timestamps are assigned. */
export type ClientInput = Omit<ClientRecord, 'id' | 'createdAt' | 'updatedAt'>;

/** Stores a new client with a fresh `cli_` id and bumps the configuration revision. */
export async function createClient(store: Store, input: ClientInput): Promise<ClientRecord> {
  const now = new Date().toISOString();
  const client: ClientRecord = { ...input, id: platformId('cli'), createdAt: now, updatedAt: now };
  await platformDb(store).insertInto('platform_clients').values(toRow(client)).execute();
  await bumpConfigRevision(store);
  return client;
}

/** The client with this id, or undefined. */
export async function getClient(store: Store, id: string): Promise<ClientRecord | undefined> {
  const row = await platformDb(store)
    .selectFrom('platform_clients')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** One page of clients newest first, optionally only those in `status`. */
export function listClients(
  store: Store,
  query: PageRequest & { status?: ClientStatus | undefined },
): Promise<PageOf<ClientRecord>> {
  return readPage(
    query,
    (after, take) => {
      let select = platformDb(store).selectFrom('platform_clients').selectAll();
      if (query.status !== undefined) select = select.where('status', '=', query.status);
      if (after !== undefined) select = select.where(after);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    fromRow,
  );
}

/** Replaces the stored client with the same id; false when there is none. Bumps the revision. */
export async function saveClient(store: Store, client: ClientRecord): Promise<boolean> {
  const result = await platformDb(store)
    .updateTable('platform_clients')
    .set(toRow(client))
    .where('id', '=', client.id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await bumpConfigRevision(store);
  return true;
}

function toRow(client: ClientRecord): ClientRow {
  return {
    id: client.id,
    name: client.name,
    description: client.description ?? null,
    contact_email: client.contactEmail,
    allowed_scopes: JSON.stringify(client.allowedScopes),
    status: client.status,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}

function fromRow(row: ClientRow): ClientRecord {
  return {
    id: row.id,
    name: row.name,
    ...(row.description === null ? {} : { description: row.description }),
    contactEmail: row.contact_email,
    allowedScopes: JSON.parse(row.allowed_scopes) as string[],
    status: row.status as ClientStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
