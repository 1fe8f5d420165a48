import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { stringify } from 'yaml';

/** The policies of canonical-v1 in one Junction configuration, as `junction.config.yaml` holds them. */
export type ApiPolicies = Readonly<Record<string, unknown>>;

/** A client id and secret, sent as the `client_id` and `client_secret` headers. */
export interface ClientCredentials {
  clientId: string;
  secret: string;
}

/** What a Junction server was given before it is measured. */
export interface JunctionFixture {
  /** The organization the accepted path reads. */
  organizationId: string;
  /** A client with an approved subscription to canonical-v1. */
  accepted: ClientCredentials;
  /** A client whose subscription to canonical-v1 waits for approval. */
  pending: ClientCredentials;
}

/** The origin every request names; the full chain's CORS policy allows it. */
export const ORIGIN = 'https://app.example.com';

/** The organization created on every Junction server; all variants answer its JSON. */
export const ORGANIZATION = {
  legalName: 'Acme Robotics GmbH',
  domain: 'acme-robotics.example',
  segment: 'mid-market',
} as const;

/** Canonical-v1 with none of the gateway's policies: the implicit threat protection is off. */
export const NO_POLICIES: ApiPolicies = { 'threat-protection': false };

/** Every policy the benchmark's full chain runs, with a rate limit no run can reach. */
export const FULL_CHAIN: ApiPolicies = {
  'client-id-enforcement': {},
  'ip-access': { allow: ['127.0.0.1/32', '::1/128'] },
  cors: { origins: [ORIGIN] },
  'threat-protection': {},
  'rate-limit': { key: 'client', windows: [{ limit: 100_000_000, window: '1h' }] },
};

/** The full chain with loopback denied, so every request is refused with 403. */
export const FULL_CHAIN_IP_DENIED: ApiPolicies = {
  ...FULL_CHAIN,
  'ip-access': { allow: ['127.0.0.1/32', '::1/128'], deny: ['127.0.0.1/32', '::1/128'] },
};

/** The full chain with one request per hour, so every request after the first is refused with 429. */
export const FULL_CHAIN_RATE_LIMITED: ApiPolicies = {
  ...FULL_CHAIN,
  'rate-limit': { key: 'client', windows: [{ limit: 1, window: '1h' }] },
};

/** A fresh admin key of the form Junction requires: `jak_` and 43 base64url characters. */
export function newAdminKey(): string {
  return `jak_${randomBytes(32).toString('base64url')}`;
}

/** Writes `junction.config.yaml` for canonical-v1 into `dir` and returns its path. */
export function writeJunctionConfig(dir: string, policies: ApiPolicies): string {
  const path = join(dir, 'junction.config.yaml');
  const config = { gateway: { apis: { 'canonical-v1': { policies } } } };
  writeFileSync(path, stringify(config));
  return path;
}

/** The headers a client sends with its credentials, from the allowed origin. */
export function clientHeaders(credentials: ClientCredentials): Record<string, string> {
  return { client_id: credentials.clientId, client_secret: credentials.secret, origin: ORIGIN };
}

/**
 * Prepares a Junction server through its own APIs: an auto-approval plan and a manual one, a
 * client subscribed on each with a fresh credential, and an organization created with the
 * approved client. When the server refuses to create it (loopback denied), `fallbackId` is used.
 */
export async function prepareJunction(
  url: string,
  adminKey: string,
  fallbackId?: string,
): Promise<JunctionFixture> {
  const admin = (path: string, body?: unknown) =>
    send(url, 'POST', `/platform/v1${path}`, body, { 'x-admin-key': adminKey });
  // No stored limits: a plan's own limits would replace the windows the configuration sets.
  const plan = (id: string, approval: string) => ({ id, name: id, rateLimits: [], approval });
  await expectStatus(201, admin('/plans', plan('bench', 'auto')));
  await expectStatus(201, admin('/plans', plan('bench-manual', 'manual')));
  const accepted = await subscribedClient(admin, 'bench', 'approved');
  const pending = await subscribedClient(admin, 'bench-manual', 'pending');

  const created = await send(
    url,
    'POST',
    '/canonical/v1/organizations',
    ORGANIZATION,
    clientHeaders(accepted),
  );
  if (created.status !== 201 && fallbackId !== undefined) {
    return { organizationId: fallbackId, accepted, pending };
  }
  const organization = await expectStatus(201, Promise.resolve(created));
  return { organizationId: field(organization, 'id'), accepted, pending };
}

type AdminCall = (path: string, body?: unknown) => Promise<Reply>;

async function subscribedClient(
  admin: AdminCall,
  planId: string,
  status: 'approved' | 'pending',
): Promise<ClientCredentials> {
  const client = await expectStatus(
    201,
    admin('/clients', { name: `Bench ${status}`, contactEmail: 'bench@example.com' }),
  );
  const clientId = field(client, 'id');
  const credential = await expectStatus(201, admin(`/clients/${clientId}/credentials`));
  const subscription = await expectStatus(
    201,
    admin('/subscriptions', { clientId, apiId: 'canonical-v1', planId }),
  );
  if (field(subscription, 'status') !== status) {
    throw new Error(
      `expected the subscription on plan ${planId} to be ${status}, found ${JSON.stringify(subscription)}`,
    );
  }
  return { clientId, secret: field(credential, 'secret') };
}

/** One response: its status, body text and headers. */
export interface Reply {
  status: number;
  text: string;
  headers: Headers;
}

/** Sends one request with a JSON body, if any, and reads the whole answer. */
export async function send(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { ...headers, 'content-type': 'application/json' };
  }
  const response = await fetch(`${base}${path}`, init);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function expectStatus(status: number, reply: Promise<Reply>): Promise<unknown> {
  const { status: got, text } = await reply;
  if (got !== status) throw new Error(`expected ${status}, got ${got}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

function field(value: unknown, name: string): string {
  const found = (value as Record<string, unknown> | null)?.[name];
  if (typeof found !== 'string') {
    throw new Error(`expected a string "${name}" in ${JSON.stringify(value).slice(0, 300)}`);
  }
  return found;
}
