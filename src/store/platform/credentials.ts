import type { Store } from '../open-store.js';
import { platformId } from './ids.js';
import { readPage, type PageOf, type PageRequest } from './paging.js';
import { bumpConfigRevision } from './revision.js';
import { platformDb, type CredentialRow } from './schema.js';

/** `active` until revoked; `rotating` until `expiresAt`; `revoked` since `expiresAt`. */
export type CredentialStatus = 'active' | 'rotating' | 'revoked';

/** A client credential as it is listed: never its secret or hash. */
export interface CredentialRecord {
  id: string;
  clientId: string;
  status: CredentialStatus;
  createdAt: string;
  expiresAt?: string;
}

/** What rotating a credential came to. */
export type RotationResult =
  | { outcome: 'rotated'; credential: CredentialRecord }
  | { outcome: 'not-found' }
  | { outcome: 'not-active'; status: CredentialStatus };

/** What revoking a credential came to. */
export type RevocationResult = 'revoked' | 'already-revoked' | 'not-found';

/**
 * Stores a new active credential of the client from the hash of its secret, and bumps the
 * configuration revision. The caller made sure the client exists.
 */
export async function createCredential(
  store: Store,
  clientId: string,
  secretHash: string,
): Promise<CredentialRecord> {
  const row = newRow(clientId, secretHash, new Date().toISOString());
  await platformDb(store).insertInto('platform_credentials').values(row).execute();
  await bumpConfigRevision(store);
  return fromRow(row);
}

/** One page of the client's credentials, newest first. */
export function listCredentials(
  store: Store,
  clientId: string,
  query: PageRequest,
): Promise<PageOf<CredentialRecord>> {
  return readPage(
    query,
    (after, take) => {
      let select = platformDb(store)
        .selectFrom('platform_credentials')
        .selectAll()
        .where('client_id', '=', clientId);
      if (after !== undefined) select = select.where(after);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    fromRow,
  );
}

/**
 * Replaces an active credential of the client with a new one from `secretHash`: the old one
 * becomes `rotating` and expires `graceSeconds` from now. Only an active credential rotates,
 * so two concurrent rotations of one credential cannot both succeed.
 */
export async function rotateCredential(
  store: Store,
  change: { clientId: string; credentialId: string; secretHash: string; graceSeconds: number },
): Promise<RotationResult> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + change.graceSeconds * 1000).toISOString();
  const row = newRow(change.clientId, change.secretHash, now.toISOString());
  const result = await platformDb(store)
    .transaction()
    .execute(async (trx) => {
      const updated = await trx
        .updateTable('platform_credentials')
        .set({ status: 'rotating', expires_at: expiresAt })
        .where('id', '=', change.credentialId)
        .where('client_id', '=', change.clientId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return undefined;
      await trx.insertInto('platform_credentials').values(row).execute();
      return fromRow(row);
    });
  if (result !== undefined) {
    await bumpConfigRevision(store);
    return { outcome: 'rotated', credential: result };
  }
  const current = await findCredential(store, change.clientId, change.credentialId);
  return current === undefined
    ? { outcome: 'not-found' }
    : { outcome: 'not-active', status: current.status };
}

/** Revokes a credential of the client at once, rotating or not; bumps the revision when it did. */
export async function revokeCredential(
  store: Store,
  clientId: string,
  credentialId: string,
): Promise<RevocationResult> {
  const updated = await platformDb(store)
    .updateTable('platform_credentials')
    .set({ status: 'revoked', expires_at: new Date().toISOString() })
    .where('id', '=', credentialId)
    .where('client_id', '=', clientId)
    .where('status', '<>', 'revoked')
    .executeTakeFirst();
  if (updated.numUpdatedRows > 0n) {
    await bumpConfigRevision(store);
    return 'revoked';
  }
  const current = await findCredential(store, clientId, credentialId);
  return current === undefined ? 'not-found' : 'already-revoked';
}

async function findCredential(
  store: Store,
  clientId: string,
  credentialId: string,
): Promise<CredentialRecord | undefined> {
  const row = await platformDb(store)
    .selectFrom('platform_credentials')
    .selectAll()
    .where('id', '=', credentialId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

function newRow(clientId: string, secretHash: string, now: string): CredentialRow {
  return {
    id: platformId('crd'),
    client_id: clientId,
    secret_hash: secretHash,
    status: 'active',
    created_at: now,
    expires_at: null,
  };
}

function fromRow(row: CredentialRow): CredentialRecord {
  return {
    id: row.id,
    clientId: row.client_id,
    status: row.status as CredentialStatus,
    createdAt: row.created_at,
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
  };
}
