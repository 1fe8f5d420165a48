import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startTestApp } from '../running-app.js';
import type { RunningApp } from '../running-app.js';

/** The app under fuzzing and the credentials each API needs, as request headers. */
export interface FuzzedApp {
  app: RunningApp;
  headersFor(apiId: string): Record<string, string>;
  /** Records the setup made, which the fuzzer must never change. */
  protectedIds: ReadonlySet<string>;
}

// billing-v1 runs as production would, with access tokens and a per-client quota. The quota is
// set far above the run's pace: a token-authenticated caller carries no plan, so a plan's
// stored limits cannot lift it, and no valid request may turn into a 429.
const CONFIG = `
gateway:
  apis:
    billing-v1:
      policies:
        oauth2: { issuer: urn:junction:gateway, audience: urn:junction:apis, local: true }
        rate-limit: { key: client, windows: [{ limit: 100000, window: 1s }] }
  oauth2:
    tokenTtlSeconds: 3600
`;

const PLAN = {
  id: 'fuzz-unmetered',
  name: 'Fuzz',
  rateLimits: [{ limit: 1_000_000, window: '1s' }],
  approval: 'auto',
};

/** Starts the app over SQLite with that configuration and signs a billing client up. */
export async function startFuzzedApp(): Promise<FuzzedApp> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-fuzz-'));
  writeFileSync(join(dir, 'junction.config.yaml'), CONFIG);
  process.env.JUNCTION_CONFIG = join(dir, 'junction.config.yaml');
  let app: RunningApp;
  try {
    app = await startTestApp('sqlite');
  } finally {
    delete process.env.JUNCTION_CONFIG;
    rmSync(dir, { recursive: true, force: true });
  }
  const admin = { 'x-admin-key': app.bootstrapKey ?? '' };
  const billing = await signUpBillingClient(app, admin);
  return {
    app,
    headersFor: (apiId) =>
      apiId === 'platform-v1'
        ? admin
        : apiId === 'billing-v1'
          ? { authorization: `Bearer ${billing.token}` }
          : {},
    protectedIds: new Set([
      billing.clientId,
      billing.credentialId,
      billing.subscriptionId,
      PLAN.id,
    ]),
  };
}

async function signUpBillingClient(app: RunningApp, admin: Record<string, string>) {
  const post = (path: string, body?: unknown) =>
    postJson(`${app.url}/platform/v1${path}`, admin, body);
  await post('/plans', PLAN);
  const client = await post('/clients', {
    name: 'Fuzz client',
    contactEmail: 'fuzz@example.com',
    allowedScopes: ['billing.read', 'billing.write'],
  });
  const clientId = client.id as string;
  const credential = await post(`/clients/${clientId}/credentials`);
  const subscription = await post('/subscriptions', {
    clientId,
    apiId: 'billing-v1',
    planId: PLAN.id,
  });
  const basic = Buffer.from(`${clientId}:${credential.secret as string}`).toString('base64');
  const response = await fetch(`${app.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials&scope=billing.read%20billing.write',
  });
  const token = (await response.json()) as { access_token?: string };
  if (!token.access_token) throw new Error(`expected an access token, got ${response.status}`);
  return {
    clientId,
    credentialId: credential.id as string,
    subscriptionId: subscription.id as string,
    token: token.access_token,
  };
}

async function postJson(
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`expected 201 from POST ${url}, got ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
