/** A client application as the directory stores it. */
export interface StoredClient {
  id: string;
  /** `active` when the client may call APIs; any other value (`disabled`, …) refuses it. */
  status: string;
  allowedScopes: readonly string[];
}

/** One secret of a client, stored only as its Argon2id hash. */
export interface StoredCredential {
  id: string;
  /** The PHC string from `hashSecret`. */
  secretHash: string;
  /** `active`, `rotating` (valid until `expiresAt`) or `revoked`. */
  status: string;
  /** ISO 8601 instant after which the credential no longer authenticates. */
  expiresAt?: string;
}

/** A client's subscription to one API version. */
export interface StoredSubscription {
  /** `pending`, `approved` or `revoked`; only `approved` lets the client call the API. */
  status: string;
  planId: string;
}

/**
 * Where the policy looks clients up: clients, their credentials and their subscriptions. Every
 * call is expected to be an indexed read; the policy makes them on every request so that a
 * revocation takes effect at once.
 */
export interface ClientDirectory {
  client(clientId: string): Promise<StoredClient | undefined>;
  /** Every credential of the client, revoked and expired ones included; empty when unknown. */
  credentials(clientId: string): Promise<readonly StoredCredential[]>;
  subscription(clientId: string, apiId: string): Promise<StoredSubscription | undefined>;
}

/**
 * True when a credential may authenticate at `now` (epoch ms): `active` and not past a set
 * `expiresAt`, or `rotating` with an `expiresAt` still ahead. Anything else, including an
 * unreadable `expiresAt` or a rotating credential without one, fails closed.
 */
export function isUsable(credential: StoredCredential, now: number): boolean {
  const { status, expiresAt } = credential;
  if (status !== 'active' && status !== 'rotating') return false;
  if (expiresAt === undefined) return status === 'active';
  return Date.parse(expiresAt) > now;
}
