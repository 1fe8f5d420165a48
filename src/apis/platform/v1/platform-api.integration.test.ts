import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPlatformV1Client } from '../../../../generated/platform-v1/client.js';
import type { components } from '../../../../generated/platform-v1/types.js';
import { startTestApp, testDialects } from '../../../../test/running-app.js';
import type { RunningApp } from '../../../../test/running-app.js';
import { verifySecret } from '../../../security/secrets.js';
import { clientDirectory, createAdminKey } from '../../../store/platform/index.js';
import { platformDb } from '../../../store/platform/schema.js';

type ClientCreate = components['schemas']['ClientCreate'];

const portal: ClientCreate = {
  name: 'Order portal',
  contactEmail: 'portal-team@example.com',
  allowedScopes: ['orders:write'],
};

const MERGE_PATCH = { 'content-type': 'application/merge-patch+json' };

describe.each(testDialects())('the platform API on %s', (dialect) => {
  let app: RunningApp;
  let platform: ReturnType<typeof createPlatformV1Client>;
  let adminKey: string;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    // Issued straight into the store: the API's own key management needs a key to begin with.
    adminKey = (await createAdminKey(app.store, { name: 'tests', role: 'admin' })).key;
    platform = createPlatformV1Client(app.url, { headers: { 'X-Admin-Key': adminKey } });
  });
  afterAll(() => app.close());

  async function registerClient(body: ClientCreate = portal) {
    const created = await platform.POST('/clients', { body });
    if (!created.data) throw new Error(`expected a client, got ${created.response.status}`);
    return created.data;
  }

  async function issueCredential(clientId: string) {
    const issued = await platform.POST('/clients/{clientId}/credentials', {
      params: { path: { clientId } },
    });
    if (!issued.data) throw new Error(`expected a credential, got ${issued.response.status}`);
    return issued.data;
  }

  async function storedHash(credentialId: string): Promise<string> {
    const row = await platformDb(app.store)
      .selectFrom('platform_credentials')
      .select('secret_hash')
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow();
    return row.secret_hash;
  }

  it('registers a client with 201 and a Location, reads it back, lists and patches it', async () => {
    const created = await platform.POST('/clients', { body: { ...portal, description: 'Shop' } });
    expect(created.response.status).toBe(201);
    const client = created.data!;
    expect(created.response.headers.get('location')).toBe(
      `${app.url}/platform/v1/clients/${client.id}`,
    );
    expect(client).toStrictEqual({
      ...portal,
      description: 'Shop',
      id: client.id,
      status: 'active',
      createdAt: client.createdAt,
      updatedAt: client.createdAt,
    });
    expect(client.id).toMatch(/^cli_[A-Za-z0-9_-]{22}$/);

    const read = await platform.GET('/clients/{clientId}', {
      params: { path: { clientId: client.id } },
    });
    expect(read.data).toStrictEqual(client);

    const patched = await platform.PATCH('/clients/{clientId}', {
      params: { path: { clientId: client.id } },
      body: { status: 'disabled', description: null },
      headers: MERGE_PATCH,
    });
    const expected: Partial<typeof client> = {
      ...client,
      status: 'disabled',
      updatedAt: patched.data!.updatedAt,
    };
    delete expected.description;
    expect(patched.data).toStrictEqual(expected);
    const disabled = await platform.GET('/clients', {
      params: { query: { status: 'disabled', limit: 200 } },
    });
    expect(disabled.data!.data.map((item) => item.id)).toContain(client.id);
  });

  it('shows a secret in the issuing answer only and stores just its Argon2id hash', async () => {
    const client = await registerClient();
    const issued = await platform.POST('/clients/{clientId}/credentials', {
      params: { path: { clientId: client.id } },
    });
    expect(issued.response.status).toBe(201);
    const credential = issued.data!;
    expect(credential).toStrictEqual({
      id: credential.id,
      clientId: client.id,
      secret: credential.secret,
      createdAt: credential.createdAt,
    });
    expect(credential.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const listed = await platform.GET('/clients/{clientId}/credentials', {
      params: { path: { clientId: client.id } },
    });
    expect(listed.data).toStrictEqual({
      data: [
        {
          id: credential.id,
          clientId: client.id,
          status: 'active',
          createdAt: credential.createdAt,
        },
      ],
      page: { limit: 50, nextCursor: null },
    });
    expect(JSON.stringify(listed.data)).not.toContain(credential.secret);

    const hash = await storedHash(credential.id);
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(hash).not.toContain(credential.secret);
    expect(await verifySecret(hash, credential.secret)).toBe(true);
  });

  it('rotates a credential: a new secret, and the old one valid until expiresAt', async () => {
    const client = await registerClient();
    const original = await issueCredential(client.id);
    const rotated = await platform.POST('/clients/{clientId}/credentials/{credentialId}/rotate', {
      params: { path: { clientId: client.id, credentialId: original.id } },
      body: { graceSeconds: 3600 },
    });
    expect(rotated.response.status).toBe(201);
    const replacement = rotated.data!;
    expect(replacement.secret).not.toBe(original.secret);
    const expiresAt = new Date(Date.parse(replacement.createdAt) + 3_600_000).toISOString();

    const listed = await platform.GET('/clients/{clientId}/credentials', {
      params: { path: { clientId: client.id } },
    });
    expect(listed.data!.data).toStrictEqual([
      {
        id: replacement.id,
        clientId: client.id,
        status: 'active',
        createdAt: replacement.createdAt,
      },
      {
        id: original.id,
        clientId: client.id,
        status: 'rotating',
        createdAt: original.createdAt,
        expiresAt,
      },
    ]);
    const valid = await clientDirectory(app.store).credentials(client.id);
    expect(valid.map(({ id, status }) => ({ id, status }))).toStrictEqual([
      { id: replacement.id, status: 'active' },
      { id: original.id, status: 'rotating' },
    ]);
    expect(await verifySecret(valid[1]!.secretHash, original.secret)).toBe(true);
  });

  it('rotates with a day of grace when the body names none', async () => {
    const client = await registerClient();
    const original = await issueCredential(client.id);
    const rotated = await platform.POST('/clients/{clientId}/credentials/{credentialId}/rotate', {
      params: { path: { clientId: client.id, credentialId: original.id } },
    });
    expect(rotated.response.status).toBe(201);
    const [, old] = (await clientDirectory(app.store).credentials(client.id)) ?? [];
    expect(old?.expiresAt).toBe(
      new Date(Date.parse(rotated.data!.createdAt) + 86_400_000).toISOString(),
    );
  });

  it('refuses to rotate a credential that is no longer active with 409', async () => {
    const client = await registerClient();
    const original = await issueCredential(client.id);
    const path = { clientId: client.id, credentialId: original.id };
    await platform.POST('/clients/{clientId}/credentials/{credentialId}/rotate', {
      params: { path },
    });
    const again = await platform.POST('/clients/{clientId}/credentials/{credentialId}/rotate', {
      params: { path },
    });
    expect(again.response.status).toBe(409);
    expect(again.error).toStrictEqual({
      type: 'https://junction.dev/errors/conflict',
      title: 'The change conflicts with an existing record',
      status: 409,
      code: 'conflict',
      detail:
        `Credential '${original.id}' is rotating, not active; only an active credential can be ` +
        'rotated. Rotate the newest active credential of the client instead.',
      instance: `/platform/v1/clients/${client.id}/credentials/${original.id}/rotate`,
      correlationId: again.response.headers.get('x-correlation-id'),
    });
  });

  it('revokes a credential at once and answers 204 again for a revoked one', async () => {
    const client = await registerClient();
    const credential = await issueCredential(client.id);
    const path = { clientId: client.id, credentialId: credential.id };

    const revoked = await platform.DELETE('/clients/{clientId}/credentials/{credentialId}', {
      params: { path },
    });
    expect(revoked.response.status).toBe(204);
    expect(await clientDirectory(app.store).credentials(client.id)).toStrictEqual([]);
    const listed = await platform.GET('/clients/{clientId}/credentials', {
      params: { path: { clientId: client.id } },
    });
    expect(listed.data!.data[0]?.status).toBe('revoked');

    const again = await platform.DELETE('/clients/{clientId}/credentials/{credentialId}', {
      params: { path },
    });
    expect(again.response.status).toBe(204);
    const unknown = await platform.DELETE('/clients/{clientId}/credentials/{credentialId}', {
      params: { path: { clientId: client.id, credentialId: 'crd_AAAAAAAAAAAAAAAAAAAAAA' } },
    });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.detail).toBe(
      `Client '${client.id}' has no credential 'crd_AAAAAAAAAAAAAAAAAAAAAA'.`,
    );
  });

  it('answers 404 for the credentials of a client that does not exist', async () => {
    const issued = await platform.POST('/clients/{clientId}/credentials', {
      params: { path: { clientId: 'cli_AAAAAAAAAAAAAAAAAAAAAA' } },
    });
    expect(issued.response.status).toBe(404);
    expect(issued.error?.detail).toBe("No client has id 'cli_AAAAAAAAAAAAAAAAAAAAAA'.");
  });

  it('creates plans, refuses an id in use with 409 and patches rate limits', async () => {
    const created = await platform.POST('/plans', {
      body: { id: 'gold', name: 'Gold', rateLimits: [{ limit: 50, window: '1s' }] },
    });
    expect(created.response.status).toBe(201);
    expect(created.response.headers.get('location')).toBe(`${app.url}/platform/v1/plans/gold`);
    expect(created.data).toStrictEqual({
      id: 'gold',
      name: 'Gold',
      rateLimits: [{ limit: 50, window: '1s' }],
      approval: 'manual',
      createdAt: created.data!.createdAt,
      updatedAt: created.data!.createdAt,
    });

    const duplicate = await platform.POST('/plans', { body: { id: 'gold', name: 'Other' } });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error).toMatchObject({
      code: 'conflict',
      detail: "A plan with id 'gold' already exists; choose another id or update that plan.",
      errors: [{ in: 'body', pointer: '/id', message: 'already exists' }],
    });

    const patched = await platform.PATCH('/plans/{planId}', {
      params: { path: { planId: 'gold' } },
      body: { rateLimits: [{ limit: 10, window: '1m' }], approval: 'auto' },
      headers: MERGE_PATCH,
    });
    expect(patched.data).toMatchObject({
      rateLimits: [{ limit: 10, window: '1m' }],
      approval: 'auto',
    });
    expect(await clientDirectory(app.store).plan('gold')).toStrictEqual({
      rateLimits: [{ limit: 10, window: '1m' }],
    });
  });

  it('subscribes pending on a manual plan, approves it, and refuses a second one with 409', async () => {
    const client = await registerClient();
    await platform.POST('/plans', { body: { id: 'review', name: 'Reviewed', approval: 'manual' } });
    const body = { clientId: client.id, apiId: 'canonical-v1', planId: 'review' };

    const made = await platform.POST('/subscriptions', { body });
    expect(made.response.status).toBe(201);
    const subscription = made.data!;
    expect(subscription).toStrictEqual({
      ...body,
      id: subscription.id,
      status: 'pending',
      createdAt: subscription.createdAt,
      updatedAt: subscription.createdAt,
    });

    const duplicate = await platform.POST('/subscriptions', { body });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error).toMatchObject({
      code: 'conflict',
      detail:
        `Client '${client.id}' already has subscription '${subscription.id}' to ` +
        "'canonical-v1'; change that subscription instead.",
    });

    const approved = await platform.PATCH('/subscriptions/{subscriptionId}', {
      params: { path: { subscriptionId: subscription.id } },
      body: { status: 'approved' },
      headers: MERGE_PATCH,
    });
    expect(approved.data?.status).toBe('approved');
    const listed = await platform.GET('/subscriptions', {
      params: { query: { clientId: client.id, status: 'approved' } },
    });
    expect(listed.data!.data.map((item) => item.id)).toStrictEqual([subscription.id]);
    expect(await clientDirectory(app.store).subscription(client.id, 'canonical-v1')).toStrictEqual({
      status: 'approved',
      planId: 'review',
    });
  });

  it('stores, lists and removes a policy configured for one operation', async () => {
    const path = { apiId: 'sales-v1', operationId: 'listAccounts', policy: 'ip-access' };
    const put = await platform.PUT('/apis/{apiId}/operations/{operationId}/policies/{policy}', {
      params: { path },
      body: { config: { allow: ['127.0.0.0/8', '::1/128'] } },
    });
    expect(put.response.status).toBe(201);
    const stored = {
      apiId: 'sales-v1',
      policy: 'ip-access',
      operationId: 'listAccounts',
      config: { allow: ['127.0.0.0/8', '::1/128'] },
      updatedAt: put.data!.updatedAt,
    };
    expect(put.data).toStrictEqual(stored);

    const listed = await platform.GET('/apis/{apiId}/policies', {
      params: { path: { apiId: 'sales-v1' } },
    });
    expect(listed.data).toStrictEqual({ data: [stored] });

    const removed = await platform.DELETE(
      '/apis/{apiId}/operations/{operationId}/policies/{policy}',
      { params: { path } },
    );
    expect(removed.response.status).toBe(204);
    const after = await platform.GET('/apis/{apiId}/policies', {
      params: { path: { apiId: 'sales-v1' } },
    });
    expect(after.data).toStrictEqual({ data: [] });
  });

  it('issues an admin key once, lists it without the key, and revokes it', async () => {
    const issued = await platform.POST('/admin-keys', {
      body: { name: 'Release pipeline', role: 'operator' },
    });
    expect(issued.response.status).toBe(201);
    const key = issued.data!;
    expect(key.key).toMatch(/^jak_[A-Za-z0-9_-]{43}$/);

    const listed = await platform.GET('/admin-keys', { params: { query: { limit: 200 } } });
    const entry = listed.data!.data.find((item) => item.id === key.id);
    expect(entry).toStrictEqual({
      id: key.id,
      name: 'Release pipeline',
      role: 'operator',
      status: 'active',
      createdAt: key.createdAt,
    });
    expect(JSON.stringify(listed.data)).not.toContain(key.key);

    const revoked = await platform.DELETE('/admin-keys/{adminKeyId}', {
      params: { path: { adminKeyId: key.id } },
    });
    expect(revoked.response.status).toBe(204);
    const after = await platform.GET('/admin-keys', { params: { query: { limit: 200 } } });
    expect(after.data!.data.find((item) => item.id === key.id)?.status).toBe('revoked');
  });

  it('rejects an invalid client with 400 and a pointer to every failing field', async () => {
    const response = await fetch(`${app.url}/platform/v1/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-key': adminKey },
      body: JSON.stringify({
        name: '',
        contactEmail: 'not an address',
        allowedScopes: ['Bad Scope'],
        id: 'cli_mine',
      }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { code: string; errors: unknown[] };
    expect(problem.code).toBe('validation-failed');
    expect(problem.errors).toStrictEqual(
      expect.arrayContaining([
        { in: 'body', pointer: '/id', message: 'must NOT have additional properties' },
        { in: 'body', pointer: '/name', message: 'must NOT have fewer than 1 characters' },
        { in: 'body', pointer: '/contactEmail', message: 'must match format "email"' },
        {
          in: 'body',
          pointer: '/allowedScopes/0',
          message: 'must match pattern "^[a-z][a-z0-9:._-]{0,63}$"',
        },
      ]),
    );
  });

  it('rejects a rate limit window it cannot read and a cursor it did not issue with 400', async () => {
    const plan = await platform.POST('/plans', {
      body: { id: 'odd', name: 'Odd', rateLimits: [{ limit: 5, window: '1w' }] },
    });
    expect(plan.response.status).toBe(400);
    expect(plan.error?.errors).toStrictEqual([
      {
        in: 'body',
        pointer: '/rateLimits/0/window',
        message: 'must match pattern "^[1-9][0-9]{0,5}[smhd]$"',
      },
    ]);
    const page = await platform.GET('/clients', { params: { query: { cursor: 'not-ours' } } });
    expect(page.response.status).toBe(400);
    expect(page.error?.code).toBe('invalid-cursor');
  });

  it.each([
    {
      name: 'a client',
      path: '/clients/cli_AAAAAAAAAAAAAAAAAAAAAA',
      detail: "No client has id 'cli_AAAAAAAAAAAAAAAAAAAAAA'.",
    },
    { name: 'a plan', path: '/plans/platinum', detail: "No plan has id 'platinum'." },
    {
      name: 'a subscription',
      path: '/subscriptions/sub_AAAAAAAAAAAAAAAAAAAAAA',
      detail: "No subscription has id 'sub_AAAAAAAAAAAAAAAAAAAAAA'.",
    },
  ])('answers 404 naming the id for $name that does not exist', async ({ path, detail }) => {
    const response = await fetch(`${app.url}/platform/v1${path}`, {
      headers: { 'x-admin-key': adminKey },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toStrictEqual({
      type: 'https://junction.dev/errors/not-found',
      title: 'The resource does not exist',
      status: 404,
      code: 'not-found',
      detail,
      instance: `/platform/v1${path}`,
      correlationId: response.headers.get('x-correlation-id'),
    });
  });

  it('rejects a grace period longer than 30 days with 400', async () => {
    const client = await registerClient();
    const credential = await issueCredential(client.id);
    const rotated = await platform.POST('/clients/{clientId}/credentials/{credentialId}/rotate', {
      params: { path: { clientId: client.id, credentialId: credential.id } },
      body: { graceSeconds: 2_592_001 },
    });
    expect(rotated.response.status).toBe(400);
    expect(rotated.error?.errors).toStrictEqual([
      { in: 'body', pointer: '/graceSeconds', message: 'must be <= 2592000' },
    ]);
  });

  it('pages through clients with the cursor of each page', async () => {
    for (let i = 0; i < 3; i += 1) await registerClient({ ...portal, name: `Pager ${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const query = cursor === undefined ? { limit: 2 } : { limit: 2, cursor };
      const page = await platform.GET('/clients', { params: { query } });
      seen.push(...page.data!.data.map((client) => client.id));
      cursor = page.data!.page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await platform.GET('/clients', { params: { query: { limit: 200 } } });
    expect(seen).toStrictEqual(all.data!.data.map((client) => client.id));
  });
});
