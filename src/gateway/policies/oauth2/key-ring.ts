import { setTimeout as delay } from 'node:timers/promises';

import { errors, importJWK, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import type { JWSHeaderParameters } from 'jose';
import type { Kysely } from 'kysely';

import { SIGNING_KEYS_TABLE, type SigningKeysDatabase } from '../../../store/signing-keys.js';

/** A signing key as verifiers see it: its public half and when it stops being trusted. */
export interface PublishedKey {
  kid: string;
  algorithm: string;
  publicJwk: JWK;
  createdAt: string;
  /** Absent while the key is current. */
  retireAfter?: string;
}

/** Where the key ring reads keys, what time it is, and how often it re-reads. */
export interface KeyRingOptions {
  db: Kysely<SigningKeysDatabase>;
  /** The clock that decides expiry and retirement; the system clock by default. */
  clock?: () => Date;
  /** Keys are re-read when the cached copy is older than this; 60 by default. */
  refreshIntervalSeconds?: number;
  /** An unknown kid re-reads the keys at most once per this interval; 1000 by default. */
  minReloadIntervalMs?: number;
}

/** The gateway's own public keys, read from the database and shared by every process. */
export interface KeyRing {
  readonly clock: () => Date;
  /** Every stored key, retired or not, oldest first, re-read when the cache is stale. */
  keys(): Promise<readonly PublishedKey[]>;
  /** The JWKS verifiers may trust now: the current key and every key not yet retired. */
  publishedKeys(): Promise<JSONWebKeySet>;
  /** A jose key resolver for tokens this gateway issued; an unknown kid re-reads the keys. */
  resolveKey(header: JWSHeaderParameters): Promise<CryptoKey>;
  /** Re-reads the keys now; concurrent calls share one query. */
  reload(): Promise<void>;
}

/** True while verifiers may still trust `key` at `now`. */
export function isLive(key: PublishedKey, now: Date): boolean {
  return key.retireAfter === undefined || Date.parse(key.retireAfter) > now.getTime();
}

/** Creates a key ring over the signing-key table; nothing is read until first use. */
export function createKeyRing(options: KeyRingOptions): KeyRing {
  const clock = options.clock ?? (() => new Date());
  const refreshMs = (options.refreshIntervalSeconds ?? 60) * 1000;
  const minReloadMs = options.minReloadIntervalMs ?? 1000;
  const publicKeys = new Map<string, Promise<CryptoKey>>();
  let cached: readonly PublishedKey[] = [];
  let loadedAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | undefined;
  let reloadingForKid: Promise<void> | undefined;

  async function load(): Promise<void> {
    const rows = await options.db
      .selectFrom(SIGNING_KEYS_TABLE)
      .select(['kid', 'algorithm', 'public_jwk', 'created_at', 'retire_after'])
      .orderBy('created_at')
      .orderBy('kid')
      .execute();
    cached = rows.map((row) => ({
      kid: row.kid,
      algorithm: row.algorithm,
      publicJwk: JSON.parse(row.public_jwk) as JWK,
      createdAt: row.created_at,
      ...(row.retire_after === null ? {} : { retireAfter: row.retire_after }),
    }));
    loadedAt = performance.now();
  }

  function reload(): Promise<void> {
    return (loading ??= load().finally(() => (loading = undefined)));
  }

  async function keys(): Promise<readonly PublishedKey[]> {
    if (performance.now() - loadedAt >= refreshMs) await reload();
    return cached;
  }

  // Tokens naming an unknown kid share one delayed re-read, so a flood of forged kids costs the
  // database at most one query per interval while a freshly rotated key is still found.
  function reloadForUnknownKid(): Promise<void> {
    const wait = loadedAt + minReloadMs - performance.now();
    reloadingForKid ??= (wait > 0 ? delay(wait, undefined, { ref: false }) : Promise.resolve())
      .then(reload)
      .finally(() => (reloadingForKid = undefined));
    return reloadingForKid;
  }

  async function findLive(kid: string): Promise<PublishedKey | undefined> {
    const now = clock();
    const found = (await keys()).find((key) => key.kid === kid);
    if (found !== undefined) return isLive(found, now) ? found : undefined;
    await reloadForUnknownKid();
    return cached.find((key) => key.kid === kid && isLive(key, now));
  }

  return {
    clock,
    keys,
    reload,
    async publishedKeys() {
      const now = clock();
      const live = (await keys()).filter((key) => isLive(key, now));
      return { keys: live.map((key) => key.publicJwk) };
    },
    async resolveKey(header) {
      const key = header.kid === undefined ? undefined : await findLive(header.kid);
      if (key === undefined || key.algorithm !== header.alg) {
        throw new errors.JWKSNoMatchingKey('no published signing key matches the token header');
      }
      let imported = publicKeys.get(key.kid);
      if (imported === undefined) {
        imported = importPublicKey(key);
        publicKeys.set(key.kid, imported);
        imported.catch(() => publicKeys.delete(key.kid));
      }
      return imported;
    },
  };
}

async function importPublicKey(key: PublishedKey): Promise<CryptoKey> {
  const imported = await importJWK(key.publicJwk, key.algorithm);
  // Only symmetric ("oct") JWKs import as bytes; a stored public key never is one.
  if (imported instanceof Uint8Array) throw new errors.JWKInvalid('expected an asymmetric key');
  return imported;
}
