import {
  constantTimeEqual,
  digestKey,
  verifyDecoy,
  verifySecret,
} from '../../../security/secrets.js';
import { isUsable } from './client-directory.js';
import type { ClientDirectory, StoredCredential } from './client-directory.js';
import { ExpiringLru } from './expiring-lru.js';

/** Checks a presented secret against a stored hash; the default is Argon2id from `secrets.ts`. */
export interface SecretVerifier {
  verify(storedHash: string, secret: string): Promise<boolean>;
  /** Costs what one `verify` costs and answers false; run when there is no hash to check. */
  decoy(secret: string): Promise<false>;
}

/** The Argon2id verifier every production policy uses. */
export const argon2Verifier: SecretVerifier = { verify: verifySecret, decoy: verifyDecoy };

/** Why a presented client id and secret were refused; for logs only, never for the caller. */
export type RejectionReason =
  | 'unknown-client'
  | 'client-disabled'
  | 'no-usable-credential'
  | 'secret-mismatch'
  | 'recently-rejected';

/** The outcome of checking a client id and secret. */
export type Authentication = { ok: true } | { ok: false; reason: RejectionReason };

/** How the authenticator keeps time and how much it remembers. */
export interface AuthenticatorSettings {
  /** Epoch milliseconds; compared with credentials' `expiresAt` and cache expiry. */
  clock: () => number;
  /** How long an accepted (client, credential, secret digest) skips Argon2id. */
  cacheTtlMs: number;
  /** How long a refused (client id, secret digest) pair is refused without Argon2id. */
  rejectionTtlMs: number;
  /** Entries kept in each of the two caches. */
  cacheMax: number;
  verifier: SecretVerifier;
}

interface AcceptedEntry {
  secretHash: string;
  digest: string;
}

/**
 * Decides whether a client id and secret authenticate, spending one Argon2id verification on
 * every first-time refusal, whatever its reason, so that refusals cannot be told apart by time.
 *
 * The client and its credentials are read on every call, so a revoked or expired credential and
 * a disabled client stop working at once. Two caches keep Argon2id off the common paths:
 *
 * - Accepted: (client id, credential id) -> SHA-256 of the secret that verified, for
 *   `cacheTtlMs`. It is consulted only for credentials that are still usable, and digests are
 *   compared in constant time; a hit needs the right secret, so it tells a caller nothing new.
 * - Refused: (client id, SHA-256 of the secret) for `rejectionTtlMs`, filled alike for unknown
 *   ids, disabled clients and wrong secrets, and checked before any lookup, so a repeated
 *   refused pair is answered quickly and at the same speed whatever the reason. This makes
 *   repeated identical guesses cheap for us without helping a guessing attack: every new guess
 *   misses the cache and pays the full verification. The price is that a pair refused for a
 *   state that then changes (a client re-enabled) stays refused until the entry expires.
 *   The two caches are separate so a flood of refused guesses cannot evict accepted entries.
 *
 * During a rotation a client has several usable credentials and a wrong secret is verified
 * against each, concurrently: its CPU cost grows with their number, and once the thread pool is
 * busy so does its latency, which can tell a prober that an id exists and is mid-rotation. An
 * unknown id costs one verification, the same as the common case of a single credential.
 * Concurrent checks of the same secret against the same hash share one verification.
 */
export class Authenticator {
  private readonly accepted: ExpiringLru<AcceptedEntry>;
  private readonly refused: ExpiringLru<{ reason: RejectionReason }>;
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private warm: Promise<unknown> | undefined;

  constructor(
    private readonly directory: ClientDirectory,
    private readonly settings: AuthenticatorSettings,
  ) {
    this.accepted = new ExpiringLru(settings.cacheMax, settings.cacheTtlMs, settings.clock);
    this.refused = new ExpiringLru(settings.cacheMax, settings.rejectionTtlMs, settings.clock);
  }

  /** Prepares the decoy hash once, so the first unknown id costs no more than later ones. */
  warmUp(): Promise<unknown> {
    this.warm ??= this.settings.verifier.decoy('');
    return this.warm;
  }

  /** Checks one presented pair; rejects only when the directory cannot be read. */
  async authenticate(clientId: string, secret: string): Promise<Authentication> {
    const digest = digestKey(secret);
    const refusalKey = `${clientId}\u0000${digest}`;
    if (this.refused.get(refusalKey) !== undefined) {
      return { ok: false, reason: 'recently-rejected' };
    }

    const { reason, usable } = await this.loadUsable(clientId);
    if (usable.length === 0) {
      await this.shared(`decoy\u0000${refusalKey}`, () => this.settings.verifier.decoy(secret));
      return this.refuse(refusalKey, reason);
    }
    if (usable.some((credential) => this.wasAccepted(clientId, credential, digest))) {
      return { ok: true };
    }

    const matched = await this.verifyEach(usable, secret, digest);
    if (matched === undefined) return this.refuse(refusalKey, 'secret-mismatch');
    this.accepted.set(`${clientId}\u0000${matched.id}`, { secretHash: matched.secretHash, digest });
    return { ok: true };
  }

  /** Reads the client and its credentials together, so unknown and known ids cost the same. */
  private async loadUsable(
    clientId: string,
  ): Promise<{ reason: RejectionReason; usable: StoredCredential[] }> {
    const [client, credentials] = await Promise.all([
      this.directory.client(clientId),
      this.directory.credentials(clientId),
    ]);
    if (client === undefined) return { reason: 'unknown-client', usable: [] };
    if (client.status !== 'active') return { reason: 'client-disabled', usable: [] };
    const now = this.settings.clock();
    const usable = credentials.filter((credential) => isUsable(credential, now));
    return { reason: 'no-usable-credential', usable };
  }

  private wasAccepted(clientId: string, credential: StoredCredential, digest: string): boolean {
    const entry = this.accepted.get(`${clientId}\u0000${credential.id}`);
    return (
      entry !== undefined &&
      entry.secretHash === credential.secretHash &&
      constantTimeEqual(entry.digest, digest)
    );
  }

  private async verifyEach(
    usable: readonly StoredCredential[],
    secret: string,
    digest: string,
  ): Promise<StoredCredential | undefined> {
    const results = await Promise.all(
      usable.map(({ secretHash }) =>
        this.shared(`verify\u0000${secretHash}\u0000${digest}`, () =>
          this.settings.verifier.verify(secretHash, secret),
        ),
      ),
    );
    return usable.find((_, index) => results[index] === true);
  }

  private refuse(refusalKey: string, reason: RejectionReason): Authentication {
    this.refused.set(refusalKey, { reason });
    return { ok: false, reason };
  }

  /** Runs `verification` once for all concurrent callers with the same key. */
  private shared(key: string, verification: () => Promise<boolean>): Promise<boolean> {
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    const started = verification().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
