import type { Store } from '../open-store.js';
import { getClient, type ClientStatus } from './clients.js';
import { getPlan, type RateLimit } from './plans.js';
import { platformDb } from './schema.js';
import { findSubscription, type SubscriptionStatus } from './subscriptions.js';

/** A credential that may still authenticate, with the hash to verify a presented secret. */
export interface DirectoryCredential {
  id: string;
  secretHash: string;
  status: 'active' | 'rotating';
  /** Set for a rotating credential: it authenticates only before this instant. */
  expiresAt?: string;
}

/** What the gateway reads to authenticate a client and apply its subscription and plan. */
export interface ClientDirectory {
  /** The client's credentials that may still authenticate: active, and rotating ones not expired. */
  credentials(clientId: string): Promise<DirectoryCredential[]>;
  client(
    clientId: string,
  ): Promise<{ id: string; status: ClientStatus; allowedScopes: string[] } | undefined>;
  subscription(
    clientId: string,
    apiId: string,
  ): Promise<{ status: SubscriptionStatus; planId: string } | undefined>;
  plan(planId: string): Promise<{ rateLimits: RateLimit[] } | undefined>;
}

/** The gateway's read-only view of clients, credentials, subscriptions and plans. */
export function clientDirectory(store: Store): ClientDirectory {
  return {
    credentials: (clientId) => validCredentials(store, clientId),
    async client(clientId) {
      const client = await getClient(store, clientId);
      if (client === undefined) return undefined;
      return { id: client.id, status: client.status, allowedScopes: client.allowedScopes };
    },
    async subscription(clientId, apiId) {
      const subscription = await findSubscription(store, clientId, apiId);
      if (subscription === undefined) return undefined;
      return { status: subscription.status, planId: subscription.planId };
    },
    async plan(planId) {
      const plan = await getPlan(store, planId);
      return plan === undefined ? undefined : { rateLimits: plan.rateLimits };
    },
  };
}

async function validCredentials(store: Store, clientId: string): Promise<DirectoryCredential[]> {
  const now = new Date().toISOString();
  const rows = await platformDb(store)
    .selectFrom('platform_credentials')
    .select(['id', 'secret_hash', 'status', 'expires_at'])
    .where('client_id', '=', clientId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'active'),
        eb.and([eb('status', '=', 'rotating'), eb('expires_at', '>', now)]),
      ]),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    secretHash: row.secret_hash,
    status: row.status as DirectoryCredential['status'],
    ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
  }));
}
