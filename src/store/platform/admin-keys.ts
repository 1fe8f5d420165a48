import { randomBytes } from 'node:crypto';

import { constantTimeEqual, digestKey } from '../../security/secrets.js';
import type { Store } from '../open-store.js';
import { platformId } from './ids.js';
import { readPage, type PageOf, type PageRequest } from './paging.js';
import { platformDb, type AdminKeyRow } from './schema.js';
import { isUniqueViolation } from './unique.js';

/** What an admin key may do on the platform API; see the spec's `x-junction-roles`. */
export type AdminRole = 'admin' | 'operator' | 'developer' | 'viewer';

/** An admin key as it is listed: never the key or its digest. */
export interface AdminKeyRecord {
  id: string;
  name: string;
  role: AdminRole;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt?: string;
}

/** What revoking an admin key came to. */
export type AdminKeyRevocation = 'revoked' | 'already-revoked' | 'not-found' | 'last-admin';

/** The shape of every admin key: `jak_` and 32 random bytes in base64url. */
export const ADMIN_KEY_PATTERN = /^jak_[A-Za-z0-9_-]{43}$/;

/** A new admin key; high-entropy, so a fast digest is the right way to store it. */
export function generateAdminKey(): string {
  return `jak_${randomBytes(32).toString('base64url')}`;
}

/** Issues a new active key; returns it once with its record. Only its SHA-256 is stored. */
export async function createAdminKey(
  store: Store,
  input: { name: string; role: AdminRole },
  key: string = generateAdminKey(),
): Promise<{ record: AdminKeyRecord; key: string }> {
  const row: AdminKeyRow = {
    id: platformId('adk'),
    name: input.name,
    role: input.role,
    key_hash: digestKey(key),
    status: 'active',
    created_at: new Date().toISOString(),
    revoked_at: null,
  };
  await platformDb(store).insertInto('platform_admin_keys').values(row).execute();
  return { record: fromRow(row), key };
}

/** One page of admin keys, newest first. */
export function listAdminKeys(store: Store, query: PageRequest): Promise<PageOf<AdminKeyRecord>> {
  return readPage(
    query,
    (after, take) => {
      let select = platformDb(store).selectFrom('platform_admin_keys').selectAll();
      if (after !== undefined) select = select.where(after);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    fromRow,
  );
}

/**
 * Revokes a key at once, unless it is the last active `admin` key: the instance must keep a
 * way in. On PostgreSQL the active admin keys are locked first, so two concurrent revocations
 * cannot remove the last two.
 */
export async function revokeAdminKey(store: Store, id: string): Promise<AdminKeyRevocation> {
  return platformDb(store)
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom('platform_admin_keys')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return 'not-found';
      if (row.status === 'revoked') return 'already-revoked';
      if (row.role === 'admin') {
        let admins = trx
          .selectFrom('platform_admin_keys')
          .select('id')
          .where('role', '=', 'admin')
          .where('status', '=', 'active');
        if (store.dialect === 'postgres') admins = admins.forUpdate();
        if ((await admins.execute()).length <= 1) return 'last-admin';
      }
      await trx
        .updateTable('platform_admin_keys')
        .set({ status: 'revoked', revoked_at: new Date().toISOString() })
        .where('id', '=', id)
        .execute();
      return 'revoked';
    });
}

/** The id and role of the active key `presentedKey`, or undefined for any other value. */
export async function findAdminKey(
  store: Store,
  presentedKey: string,
): Promise<{ id: string; role: AdminRole } | undefined> {
  if (!ADMIN_KEY_PATTERN.test(presentedKey)) return undefined;
  const digest = digestKey(presentedKey);
  const row = await platformDb(store)
    .selectFrom('platform_admin_keys')
    .select(['id', 'role', 'key_hash', 'status'])
    .where('key_hash', '=', digest)
    .executeTakeFirst();
  if (row === undefined || row.status !== 'active') return undefined;
  // The lookup already matched; the constant-time check keeps the decision itself timing-safe.
  if (!constantTimeEqual(row.key_hash, digest)) return undefined;
  return { id: row.id, role: row.role as AdminRole };
}

/**
 * Makes sure an active `admin` key exists. When none does, stores `JUNCTION_ADMIN_KEY` from
 * `env` if set, else a generated key, and returns it so the caller can show it once; returns
 * undefined when an admin key already existed. A malformed or revoked `JUNCTION_ADMIN_KEY`
 * throws an error that says what to set instead, without quoting the key.
 */
export async function ensureAdminKey(
  store: Store,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  if (await hasActiveAdmin(store)) return undefined;
  const key = bootstrapKey(env['JUNCTION_ADMIN_KEY']);
  try {
    await createAdminKey(store, { name: 'bootstrap', role: 'admin' }, key);
    return key;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Another process stored the same key first; it is active unless it was revoked before.
    if (await findAdminKey(store, key)) return undefined;
    throw new Error(
      'JUNCTION_ADMIN_KEY is a revoked admin key; set it to a new key or unset it to have one generated',
      { cause: err },
    );
  }
}

async function hasActiveAdmin(store: Store): Promise<boolean> {
  const row = await platformDb(store)
    .selectFrom('platform_admin_keys')
    .select('id')
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

function bootstrapKey(fromEnv: string | undefined): string {
  if (fromEnv === undefined || fromEnv === '') return generateAdminKey();
  if (ADMIN_KEY_PATTERN.test(fromEnv)) return fromEnv;
  // Never quote the value: it is meant to be a secret.
  throw new Error(
    `expected JUNCTION_ADMIN_KEY to be "jak_" and 43 base64url characters (32 random bytes), ` +
      `got ${fromEnv.length} characters that do not match; unset it to have one generated`,
  );
}

function fromRow(row: AdminKeyRow): AdminKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as AdminRole,
    status: row.status as AdminKeyRecord['status'],
    createdAt: row.created_at,
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
  };
}
