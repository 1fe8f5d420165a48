import { createPlatformV1Client } from '../../generated/platform-v1/client.js';
import type { PlatformV1Client } from '../../generated/platform-v1/client.js';

/** The `oauth2` policy billing v1 is verified under: tokens of this gateway's own token endpoint. */
const OAUTH2_POLICY = {
  issuer: 'urn:junction:gateway',
  audience: 'urn:junction:apis',
  local: true,
};

const PROPAGATION_LIMIT_MS = 10_000;

/**
 * Sets billing v1 up as an operator would through the platform API: the `oauth2` policy, a plan
 * without rate limits, a client allowed both billing scopes, its credential and its subscription.
 * Resolves to a bearer token for both scopes once the policy refuses an anonymous request.
 */
export async function issueBillingToken(appUrl: string, adminKey: string): Promise<string> {
  const platform = createPlatformV1Client(appUrl, { headers: { 'X-Admin-Key': adminKey } });
  await expectOk(
    'PUT oauth2 policy',
    platform.PUT('/apis/{apiId}/policies/{policy}', {
      params: { path: { apiId: 'billing-v1', policy: 'oauth2' } },
      body: { config: OAUTH2_POLICY },
    }),
  );
  const { clientId, secret } = await registerClient(platform);
  await waitUntilRefused(`${appUrl}/billing/v1/accounts`);
  return requestToken(appUrl, clientId, secret);
}

async function registerClient(platform: PlatformV1Client) {
  await expectOk(
    'POST /plans',
    platform.POST('/plans', { body: { id: 'contracts', name: 'Contracts', approval: 'auto' } }),
  );
  const client = await expectOk(
    'POST /clients',
    platform.POST('/clients', {
      body: {
        name: 'Customer portal',
        contactEmail: 'portal-team@example.com',
        allowedScopes: ['billing.read', 'billing.write'],
      },
    }),
  );
  const credential = await expectOk(
    'POST credentials',
    platform.POST('/clients/{clientId}/credentials', { params: { path: { clientId: client.id } } }),
  );
  await expectOk(
    'POST /subscriptions',
    platform.POST('/subscriptions', {
      body: { clientId: client.id, apiId: 'billing-v1', planId: 'contracts' },
    }),
  );
  return { clientId: client.id, secret: credential.secret };
}

async function requestToken(appUrl: string, clientId: string, secret: string): Promise<string> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`);
  const response = await fetch(`${appUrl}/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${basic.toString('base64')}`,
    },
    body: 'grant_type=client_credentials&scope=billing.read%20billing.write',
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) {
    throw new Error(`expected an access token, got ${response.status} ${JSON.stringify(body)}`);
  }
  return body.access_token;
}

/** Waits until the stored policy is in force: an anonymous request gets 401. */
async function waitUntilRefused(url: string): Promise<void> {
  const deadline = performance.now() + PROPAGATION_LIMIT_MS;
  for (;;) {
    const response = await fetch(url);
    await response.body?.cancel();
    if (response.status === 401) return;
    if (performance.now() > deadline) {
      throw new Error(`expected 401 from ${url} once oauth2 applies, got ${response.status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function expectOk<T>(
  what: string,
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) {
    throw new Error(`${what}: expected a 2xx answer, got ${response.status}`, { cause: error });
  }
  return data;
}
