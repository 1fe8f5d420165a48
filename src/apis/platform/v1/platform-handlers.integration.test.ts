import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openStore, type Store } from '../../../store/index.js';
import {
  configRevision,
  createAdminKey,
  createClient,
  createPlan,
  listPolicyConfigs,
} from '../../../store/platform/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../../store/test-databases.js';
import type { ApiContext, ApiVersionSummary, PlatformGateway } from '../../context.js';
import { handlers } from './index.js';
import { withService } from '../../../../test/services.js';

const SERVED: ApiVersionSummary[] = [
  {
    apiId: 'sales-v1',
    name: 'sales',
    version: 'v1',
    title: 'Sales API',
    basePath: '/sales/v1',
    operationIds: ['listAccounts'],
    status: 'active',
  },
  {
    apiId: 'canonical-v2',
    name: 'canonical',
    version: 'v2',
    title: 'Canonical API',
    basePath: '/canonical/v2',
    operationIds: ['listOrganizations'],
    status: 'active',
  },
  {
    apiId: 'canonical-v1',
    name: 'canonical',
    version: 'v1',
    title: 'Canonical API',
    basePath: '/canonical/v1',
    operationIds: ['listOrganizations', 'createOrganization'],
    status: 'deprecated',
    deprecatedAt: '2026-09-01T00:00:00Z',
    sunsetAt: '2027-03-01T00:00:00Z',
  },
];

const REFUSAL = 'window="1 minute" is not valid: expected a duration such as 1s, 1m or 1h';

/** A gateway that serves SERVED and accepts a rate-limit configuration only with window 1m. */
function fakeGateway(calls: unknown[][]): PlatformGateway {
  return {
    apis: () => SERVED,
    validatePolicy(...args) {
      calls.push(args);
      const [, policy, config] = args;
      if (policy === 'rate-limit' && config['window'] !== '1m') return Promise.resolve(REFUSAL);
      return undefined;
    },
  };
}

function problem(status: number, code: string, detail: string, errors?: unknown[]) {
  const titles: Record<string, string> = {
    'not-found': 'The resource does not exist',
    conflict: 'The change conflicts with an existing record',
    'validation-failed': 'The request is not valid against the API contract',
  };
  return {
    type: `https://junction.dev/errors/${code}`,
    title: titles[code],
    status,
    code,
    detail,
    correlationId: 'corr-1',
    ...(errors ? { errors } : {}),
  };
}

const none = { query: {}, headers: {} } as const;

function describeHandlers(label: string, createDatabase: () => Promise<TestDatabase>): void {
  describe(`the platform handlers on ${label}`, () => {
    let database: TestDatabase;
    let store: Store;
    let context: ApiContext;
    const calls: unknown[][] = [];

    beforeAll(async () => {
      database = await createDatabase();
      store = await openStore(database.options);
      context = {
        store,
        log: pino({ level: 'silent' }),
        correlationId: 'corr-1',
        baseUrl: 'http://localhost/platform/v1',
        gateway: fakeGateway(calls),
      };
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('lists the served APIs by name with their versions and lifecycle', async () => {
      expect(
        await handlers.listApis({ params: {}, body: undefined, ...none }, context),
      ).toStrictEqual({
        status: 200,
        body: {
          data: [
            {
              name: 'canonical',
              versions: [
                {
                  id: 'canonical-v1',
                  version: 'v1',
                  title: 'Canonical API',
                  basePath: '/canonical/v1',
                  status: 'deprecated',
                  deprecatedAt: '2026-09-01T00:00:00Z',
                  sunsetAt: '2027-03-01T00:00:00Z',
                },
                {
                  id: 'canonical-v2',
                  version: 'v2',
                  title: 'Canonical API',
                  basePath: '/canonical/v2',
                  status: 'active',
                },
              ],
            },
            {
              name: 'sales',
              versions: [
                {
                  id: 'sales-v1',
                  version: 'v1',
                  title: 'Sales API',
                  basePath: '/sales/v1',
                  status: 'active',
                },
              ],
            },
          ],
        },
      });
    });

    it('refuses a configuration the gateway cannot use with 400 and stores nothing', async () => {
      const before = await configRevision(store);
      const result = await handlers.putApiPolicy(
        {
          params: { apiId: 'canonical-v1', policy: 'rate-limit' },
          body: { config: { limit: 100, window: '1 minute' } },
          ...none,
        },
        context,
      );
      expect(result).toStrictEqual({
        status: 400,
        body: problem(
          400,
          'validation-failed',
          `Policy 'rate-limit' of API 'canonical-v1' cannot use this configuration: ${REFUSAL}`,
          [{ in: 'body', pointer: '/config', message: REFUSAL }],
        ),
      });
      expect(await listPolicyConfigs(store, 'canonical-v1')).toStrictEqual([]);
      expect(await configRevision(store)).toBe(before);
    });

    it('names the operation when it refuses an operation-level configuration', async () => {
      calls.length = 0;
      const result = await handlers.putOperationPolicy(
        {
          params: {
            apiId: 'canonical-v1',
            operationId: 'createOrganization',
            policy: 'rate-limit',
          },
          body: { config: { window: '1h' } },
          ...none,
        },
        context,
      );
      expect(result.status).toBe(400);
      expect((result.body as { detail: string }).detail).toBe(
        "Policy 'rate-limit' of operation 'createOrganization' of API 'canonical-v1' cannot use " +
          `this configuration: ${REFUSAL}`,
      );
      expect(calls).toStrictEqual([
        ['canonical-v1', 'rate-limit', { window: '1h' }, 'createOrganization'],
      ]);
    });

    it('stores a usable configuration: 201 the first time, 200 when it replaces one', async () => {
      const put = (limit: number) =>
        handlers.putApiPolicy(
          {
            params: { apiId: 'canonical-v1', policy: 'rate-limit' },
            body: { config: { limit, window: '1m' } },
            ...none,
          },
          context,
        );
      const first = await put(100);
      const second = await put(200);
      expect([first.status, second.status]).toStrictEqual([201, 200]);
      expect(second.body).toStrictEqual({
        apiId: 'canonical-v1',
        policy: 'rate-limit',
        operationId: null,
        config: { limit: 200, window: '1m' },
        updatedAt: (second.body as { updatedAt: string }).updatedAt,
      });
      const listed = await handlers.listApiPolicies(
        { params: { apiId: 'canonical-v1' }, body: undefined, ...none },
        context,
      );
      expect(listed).toStrictEqual({ status: 200, body: { data: [second.body] } });
    });

    it('answers 404 for an API version or operation that is not served', async () => {
      const unknownApi = await handlers.putApiPolicy(
        { params: { apiId: 'billing-v9', policy: 'cors' }, body: { config: {} }, ...none },
        context,
      );
      expect(unknownApi).toStrictEqual({
        status: 404,
        body: problem(
          404,
          'not-found',
          "No API version 'billing-v9' is served here; expected one of: canonical-v1, " +
            'canonical-v2, sales-v1.',
        ),
      });
      const unknownOperation = await handlers.putOperationPolicy(
        {
          params: { apiId: 'sales-v1', operationId: 'deleteEverything', policy: 'cors' },
          body: { config: {} },
          ...none,
        },
        context,
      );
      expect(unknownOperation).toStrictEqual({
        status: 404,
        body: problem(404, 'not-found', "API 'sales-v1' has no operation 'deleteEverything'."),
      });
      const listUnknown = await handlers.listApiPolicies(
        { params: { apiId: 'billing-v9' }, body: undefined, ...none },
        context,
      );
      expect(listUnknown.status).toBe(404);
    });

    it('removes a stored configuration once, then answers 404', async () => {
      const target = { apiId: 'sales-v1', operationId: 'listAccounts', policy: 'cors' };
      const put = await handlers.putOperationPolicy(
        { params: target, body: { config: { origins: ['https://shop.example'] } }, ...none },
        context,
      );
      expect(put.status).toBe(201);
      const remove = () =>
        handlers.deleteOperationPolicy({ params: target, body: undefined, ...none }, context);
      expect(await remove()).toStrictEqual({ status: 204 });
      expect(await remove()).toStrictEqual({
        status: 404,
        body: problem(
          404,
          'not-found',
          "Policy 'cors' is not configured for operation 'listAccounts' of API 'sales-v1'.",
        ),
      });
    });

    it('points at every body field of a subscription that names nothing', async () => {
      const result = await handlers.createSubscription(
        {
          params: {},
          body: { clientId: 'cli_AAAAAAAAAAAAAAAAAAAAAA', apiId: 'billing-v9', planId: 'platinum' },
          ...none,
        },
        context,
      );
      expect(result).toStrictEqual({
        status: 404,
        body: problem(
          404,
          'not-found',
          "No API version 'billing-v9' is served here; expected one of: canonical-v1, " +
            "canonical-v2, sales-v1. No client has id 'cli_AAAAAAAAAAAAAAAAAAAAAA'. No plan has " +
            "id 'platinum'; create the plan first.",
          [
            { in: 'body', pointer: '/apiId', message: 'is not served here' },
            { in: 'body', pointer: '/clientId', message: 'no client has this id' },
            { in: 'body', pointer: '/planId', message: 'no plan has this id' },
          ],
        ),
      });
    });

    it('subscribes a client to a served API version on an auto plan as approved', async () => {
      const client = await createClient(store, {
        name: 'Portal',
        contactEmail: 'portal@example.com',
        allowedScopes: [],
        status: 'active',
      });
      await createPlan(store, { id: 'free', name: 'Free', rateLimits: [], approval: 'auto' });
      const result = await handlers.createSubscription(
        { params: {}, body: { clientId: client.id, apiId: 'sales-v1', planId: 'free' }, ...none },
        context,
      );
      expect(result.status).toBe(201);
      expect(result.body).toMatchObject({
        clientId: client.id,
        apiId: 'sales-v1',
        status: 'approved',
      });
    });

    it('refuses to revoke the last active admin key with 409', async () => {
      const { record } = await createAdminKey(store, { name: 'only admin', role: 'admin' });
      const result = await handlers.revokeAdminKey(
        { params: { adminKeyId: record.id }, body: undefined, ...none },
        context,
      );
      expect(result).toStrictEqual({
        status: 409,
        body: problem(
          409,
          'conflict',
          `Admin key '${record.id}' is the last active admin key; issue another admin key ` +
            'before revoking it.',
        ),
      });
    });
  });
}

describeHandlers('SQLite', createSqliteTestDatabase);

withService('DATABASE_URL', 'the platform handlers on PostgreSQL', (url) =>
  describeHandlers('PostgreSQL', () => createPostgresTestDatabase(url)),
);
