import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SELLABLE_PLAN } from '../../contracts/support/records.js';
import { startSystemFakes } from '../../contracts/support/system-fakes.js';
import type { SystemFakes } from '../../contracts/support/system-fakes.js';
import { startTestApp } from '../running-app.js';
import type { RunningApp } from '../running-app.js';

/** The app under fuzzing and the credentials each API needs, as request headers. */
export interface FuzzedApp {
  app: RunningApp;
  headersFor(apiId: string): Record<string, string>;
  /** Records the setup made, which the fuzzer must never change. */
  protectedIds: ReadonlySet<string>;
  /** What the setup stored, by API id, for requests to name: the plan the storefront sells. */
  seeded: Readonly<Record<string, readonly { name: string; ids: readonly string[] }[]>>;
  /** Stops the app and the system fakes it calls. */
  close(): Promise<void>;
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

/**
 * Starts the app over SQLite with that configuration, with fakes of the billing system and the
 * CRM for the storefront's purchase flow and the flows its events start, stores a plan the
 * storefront sells, and signs a billing client up.
 */
export async function startFuzzedApp(): Promise<FuzzedApp> {
  const fakes = await startSystemFakes();
  let app: RunningApp;
  try {
    app = await fakes.serving(startConfiguredApp);
  } catch (err) {
    await fakes.stop();
    throw err;
  }
  await app.store.records('canonical_plans').insert(sellablePlan());
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
    seeded: { 'storefront-v1': [{ name: 'planCode', ids: [SELLABLE_PLAN.planCode] }] },
    close: () => closeAll(app, fakes),
  };
}

async function startConfiguredApp(): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-fuzz-'));
  writeFileSync(join(dir, 'junction.config.yaml'), CONFIG);
  process.env.JUNCTION_CONFIG = join(dir, 'junction.config.yaml');
  try {
    return await startTestApp('sqlite');
  } finally {
    delete process.env.JUNCTION_CONFIG;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The plan as the catalogue stores it, stamped now. */
function sellablePlan() {
  const now = new Date().toISOString();
  return {
    ...SELLABLE_PLAN,
    listPrices: [...SELLABLE_PLAN.listPrices],
    externalRefs: [...SELLABLE_PLAN.externalRefs],
    createdAt: now,
    updatedAt: now,
  };
}

async function closeAll(app: RunningApp, fakes: SystemFakes): Promise<void> {
  try {
    await app.close();
  } finally {
    await fakes.stop();
  }
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
