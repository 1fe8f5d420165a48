import type { Kysely } from 'kysely';

import type { Store } from '../open-store.js';

/** A row of `platform_clients`; `allowed_scopes` is a JSON array of strings. */
export interface ClientRow {
  id: string;
  name: string;
  description: string | null;
  contact_email: string;
  allowed_scopes: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** A row of `platform_credentials`; only the Argon2id hash of the secret is stored. */
export interface CredentialRow {
  id: string;
  client_id: string;
  secret_hash: string;
  status: string;
  created_at: string;
  expires_at: string | null;
}

/** A row of `platform_plans`; `rate_limits` is a JSON array of `{ limit, window }`. */
export interface PlanRow {
  id: string;
  name: string;
  description: string | null;
  rate_limits: string;
  approval: string;
  created_at: string;
  updated_at: string;
}

/** A row of `platform_subscriptions`; (client_id, api_id) is unique. */
export interface SubscriptionRow {
  id: string;
  client_id: string;
  api_id: string;
  plan_id: string;
  status: string;
  created_at: string;
  updated_at: string;
}

/** A row of `platform_admin_keys`; only the SHA-256 digest of the key is stored. */
export interface AdminKeyRow {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  status: string;
  created_at: string;
  revoked_at: string | null;
}

/** A row of `gateway_policy_configs`; `operation_id` is '' for the whole API. */
export interface PolicyConfigRow {
  api_id: string;
  operation_id: string;
  policy: string;
  config: string;
  updated_at: string;
}

/** The tables migration 0002_platform creates, plus the shared counters. */
export interface PlatformDatabase {
  platform_clients: ClientRow;
  platform_credentials: CredentialRow;
  platform_plans: PlanRow;
  platform_subscriptions: SubscriptionRow;
  platform_admin_keys: AdminKeyRow;
  gateway_policy_configs: PolicyConfigRow;
  sequences: { name: string; value: number | string };
}

/** The store's database, typed to the platform tables. */
export function platformDb(store: Store): Kysely<PlatformDatabase> {
  return store.db as Kysely<PlatformDatabase>;
}
