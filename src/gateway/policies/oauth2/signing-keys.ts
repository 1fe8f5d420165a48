import {
  calculateJwkThumbprint,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
} from 'jose';

import type { Logger } from '../../../observability/logger.js';
import { createKeyRing, type KeyRing, type KeyRingOptions, type PublishedKey } from './key-ring.js';
import { SIGNING_KEYS_TABLE } from '../../../store/signing-keys.js';

/** The asymmetric algorithms the gateway signs access tokens with. */
export const SIGNING_ALGORITHMS = ['ES256', 'EdDSA', 'RS256'] as const;

/** One of {@link SIGNING_ALGORITHMS}. */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** How the issuer's keys are made and how long a retired key stays published. */
export interface SigningKeysOptions extends KeyRingOptions {
  /** The algorithm of keys created from now on; ES256 by default. */
  algorithm?: SigningAlgorithm;
  /** Lifetime of the access tokens these keys sign; 300 by default. */
  tokenTtlSeconds?: number;
  /** Clock difference tolerated between issuer and verifiers; 30 by default. */
  clockSkewSeconds?: number;
  log?: Logger;
}

/** The private key new tokens are signed with. */
export interface SigningKey {
  kid: string;
  algorithm: string;
  privateKey: CryptoKey;
}

/** The issuer side of the key ring: the current signing key and its rotation. */
export interface SigningKeys extends KeyRing {
  readonly tokenTtlSeconds: number;
  readonly clockSkewSeconds: number;
  /** The current key; the first call creates one when the table holds none. */
  signingKey(): Promise<SigningKey>;
  /**
   * Makes a new key current. The previous key stays published until every token it signed has
   * expired (now + token TTL + clock skew + refresh interval, since other processes sign with it
   * until they re-read the keys) and is then dropped. Resolves to the new kid.
   */
  rotate(): Promise<string>;
}

/**
 * Creates the issuer's key manager over the signing-key table. Processes sharing a database
 * converge on one current key: the newest unretired one; older unretired keys get retired.
 *
 * @example
 * const keys = createSigningKeys({ db: store.db, algorithm: 'EdDSA', tokenTtlSeconds: 600 });
 * await keys.rotate();
 */
export function createSigningKeys(options: SigningKeysOptions): SigningKeys {
  const ring = createKeyRing(options);
  const algorithm = options.algorithm ?? 'ES256';
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 300;
  const clockSkewSeconds = options.clockSkewSeconds ?? 30;
  const privateKeys = new Map<string, Promise<CryptoKey>>();
  let creating: Promise<void> | undefined;

  // Another process may sign with the old key until its next re-read, so that interval counts too.
  const graceSeconds = tokenTtlSeconds + clockSkewSeconds + (options.refreshIntervalSeconds ?? 60);
  const retireAfter = (): string =>
    new Date(ring.clock().getTime() + graceSeconds * 1000).toISOString();

  async function insertKey(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair(algorithm, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const published = { ...publicJwk, kid, alg: algorithm, use: 'sig' };
    await options.db
      .insertInto(SIGNING_KEYS_TABLE)
      .values({
        kid,
        algorithm,
        private_jwk: JSON.stringify(await exportJWK(privateKey)),
        public_jwk: JSON.stringify(published),
        created_at: ring.clock().toISOString(),
        retire_after: null,
      })
      .execute();
    options.log?.info({ kid, algorithm }, 'signing key created');
    return kid;
  }

  // Keys another process made current at the same time are retired gracefully, not deleted:
  // tokens they signed stay valid until they expire.
  async function retireAllBut(current: PublishedKey, keys: readonly PublishedKey[]) {
    const stale = keys.filter((key) => key.retireAfter === undefined && key.kid !== current.kid);
    if (stale.length === 0) return;
    await options.db
      .updateTable(SIGNING_KEYS_TABLE)
      .set({ retire_after: retireAfter() })
      .where(
        'kid',
        'in',
        stale.map((key) => key.kid),
      )
      .where('retire_after', 'is', null)
      .execute();
    await ring.reload();
  }

  async function dropRetired(): Promise<void> {
    await options.db
      .deleteFrom(SIGNING_KEYS_TABLE)
      .where('retire_after', '<=', ring.clock().toISOString())
      .execute();
  }

  async function currentKey(): Promise<PublishedKey> {
    let current = newestUnretired(await ring.keys());
    if (current === undefined) {
      await (creating ??= insertKey()
        .then(() => ring.reload())
        .finally(() => (creating = undefined)));
      current = newestUnretired(await ring.keys());
    }
    if (current === undefined) throw new Error('expected a signing key after creating one');
    await retireAllBut(current, await ring.keys());
    return current;
  }

  function loadPrivateKey(kid: string): Promise<CryptoKey> {
    for (const cachedKid of privateKeys.keys()) {
      if (cachedKid !== kid) privateKeys.delete(cachedKid);
    }
    let loaded = privateKeys.get(kid);
    if (loaded === undefined) {
      loaded = readPrivateKey(kid);
      privateKeys.set(kid, loaded);
      loaded.catch(() => privateKeys.delete(kid));
    }
    return loaded;
  }

  async function readPrivateKey(kid: string): Promise<CryptoKey> {
    const row = await options.db
      .selectFrom(SIGNING_KEYS_TABLE)
      .select(['algorithm', 'private_jwk'])
      .where('kid', '=', kid)
      .executeTakeFirstOrThrow();
    const key = await importJWK(
      JSON.parse(row.private_jwk) as Record<string, unknown>,
      row.algorithm,
    );
    // Only symmetric ("oct") JWKs import as bytes; a stored signing key never is one.
    if (key instanceof Uint8Array) throw new errors.JWKInvalid('expected an asymmetric key');
    return key;
  }

  return {
    ...ring,
    tokenTtlSeconds,
    clockSkewSeconds,
    async signingKey() {
      const current = await currentKey();
      const privateKey = await loadPrivateKey(current.kid);
      return { kid: current.kid, algorithm: current.algorithm, privateKey };
    },
    async rotate() {
      const kid = await insertKey();
      await ring.reload();
      const current = (await ring.keys()).find((key) => key.kid === kid);
      if (current !== undefined) await retireAllBut(current, await ring.keys());
      await dropRetired();
      await ring.reload();
      options.log?.info({ kid }, 'signing key rotated');
      return kid;
    },
  };
}

function newestUnretired(keys: readonly PublishedKey[]): PublishedKey | undefined {
  return keys.findLast((key) => key.retireAfter === undefined);
}
