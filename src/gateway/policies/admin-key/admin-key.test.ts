import type { Request, Response } from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { ProblemError } from '../../../runtime/errors.js';
import type { Store } from '../../../store/index.js';
import type { AdminRole } from '../../../store/platform/index.js';
import type { Exchange, Policy } from '../../policy.js';
import { adminKey, admittedRoles, createAdminKeyPolicy } from './index.js';

const KEYS: Record<string, { id: string; role: AdminRole }> = {
  'jak-admin': { id: 'adk_admin', role: 'admin' },
  'jak-operator': { id: 'adk_operator', role: 'operator' },
  'jak-developer': { id: 'adk_developer', role: 'developer' },
  'jak-viewer': { id: 'adk_viewer', role: 'viewer' },
};

/** The platform spec's role lists, one operation of each kind. */
const OPERATIONS: Record<string, readonly string[]> = {
  listClients: ['viewer', 'developer', 'operator', 'admin'],
  createCredential: ['developer', 'operator', 'admin'],
  putApiPolicy: ['operator', 'admin'],
  createAdminKey: ['admin'],
};

const fakeStore = {} as Store;

async function createPolicy(): Promise<Policy> {
  const lookup = (store: Store, key: string) => {
    expect(store).toBe(fakeStore);
    return Promise.resolve(KEYS[key]);
  };
  return createAdminKeyPolicy(lookup).create(
    {},
    { apiId: 'platform-v1', log: pino({ level: 'silent' }), store: fakeStore },
  );
}

function exchangeFor(
  operationId: string,
  headers: Record<string, string | string[]>,
  operation: Record<string, unknown> = { 'x-junction-roles': OPERATIONS[operationId] },
): Exchange {
  return {
    // The policy reads only the request headers.
    req: { headers } as unknown as Request,
    res: {} as Response,
    scope: {
      apiId: 'platform-v1',
      api: 'platform',
      version: 'v1',
      operationId,
      method: 'get',
      path: '/clients',
      security: [{ adminKey: [] }],
      securitySchemes: {},
      document: {},
      operation,
    },
    log: pino({ level: 'silent' }),
    clientAddress: '127.0.0.1',
  };
}

async function outcome(policy: Policy, exchange: Exchange): Promise<string> {
  try {
    await policy.onRequest?.(exchange);
    return 'passes';
  } catch (err) {
    if (err instanceof ProblemError) return `${err.status} ${err.code}`;
    throw err;
  }
}

describe('the admin-key policy', () => {
  const matrix: { role: string; want: Record<string, string> }[] = [
    {
      role: 'viewer',
      want: {
        listClients: 'passes',
        createCredential: '403 forbidden',
        putApiPolicy: '403 forbidden',
        createAdminKey: '403 forbidden',
      },
    },
    {
      role: 'developer',
      want: {
        listClients: 'passes',
        createCredential: 'passes',
        putApiPolicy: '403 forbidden',
        createAdminKey: '403 forbidden',
      },
    },
    {
      role: 'operator',
      want: {
        listClients: 'passes',
        createCredential: 'passes',
        putApiPolicy: 'passes',
        createAdminKey: '403 forbidden',
      },
    },
    {
      role: 'admin',
      want: {
        listClients: 'passes',
        createCredential: 'passes',
        putApiPolicy: 'passes',
        createAdminKey: 'passes',
      },
    },
  ];

  it.each(matrix)(
    'admits the $role role exactly where the operation lists it',
    async ({ role, want }) => {
      const policy = await createPolicy();
      const got: Record<string, string> = {};
      for (const operationId of Object.keys(OPERATIONS)) {
        got[operationId] = await outcome(
          policy,
          exchangeFor(operationId, { 'x-admin-key': `jak-${role}` }),
        );
      }
      expect(got).toStrictEqual(want);
    },
  );

  it('names the admin key as the caller, also when the role is refused', async () => {
    const policy = await createPolicy();
    const passed = exchangeFor('listClients', { 'x-admin-key': 'jak-viewer' });
    await policy.onRequest?.(passed);
    expect(passed.caller).toStrictEqual({ clientId: 'admin:adk_viewer' });

    const refused = exchangeFor('createAdminKey', { 'x-admin-key': 'jak-operator' });
    await expect(policy.onRequest?.(refused)).rejects.toThrow(
      "Role 'operator' may not use createAdminKey; it admits: admin.",
    );
    expect(refused.caller).toStrictEqual({ clientId: 'admin:adk_operator' });
  });

  const unauthorized = [
    {
      name: 'refuses a request without X-Admin-Key with 401',
      headers: {},
      detail:
        'Send an admin key in the X-Admin-Key header; an admin can issue one with POST /admin-keys.',
    },
    {
      name: 'refuses an empty X-Admin-Key with 401',
      headers: { 'x-admin-key': '' },
      detail:
        'Send an admin key in the X-Admin-Key header; an admin can issue one with POST /admin-keys.',
    },
    {
      name: 'refuses an unknown or revoked key with 401 without echoing it',
      headers: { 'x-admin-key': 'jak-unknown' },
      detail: 'The admin key in X-Admin-Key is unknown or revoked; ask an admin for a new key.',
    },
  ];

  it.each(unauthorized)('$name', async ({ headers, detail }) => {
    const policy = await createPolicy();
    const exchange = exchangeFor('listClients', headers);
    const err = await Promise.resolve(policy.onRequest?.(exchange)).catch(
      (caught: unknown) => caught,
    );
    expect(err).toBeInstanceOf(ProblemError);
    expect({
      code: (err as ProblemError).code,
      detail: (err as ProblemError).detail,
    }).toStrictEqual({
      code: 'unauthorized',
      detail,
    });
    expect(exchange.caller).toBeUndefined();
  });

  it('admits only the admin role on an operation that lists no roles', async () => {
    const policy = await createPolicy();
    const bare = (key: string) => exchangeFor('listClients', { 'x-admin-key': key }, {});
    expect(await outcome(policy, bare('jak-operator'))).toBe('403 forbidden');
    expect(await outcome(policy, bare('jak-admin'))).toBe('passes');
  });

  it.each([
    { operation: { 'x-junction-roles': ['viewer', 'admin'] }, want: ['viewer', 'admin'] },
    { operation: { 'x-junction-roles': [] }, want: ['admin'] },
    { operation: { 'x-junction-roles': 'viewer' }, want: ['admin'] },
    { operation: { 'x-junction-roles': ['viewer', 7] }, want: ['viewer'] },
    { operation: {}, want: ['admin'] },
  ])('reads $operation as admitting $want', ({ operation, want }) => {
    expect(admittedRoles(operation)).toStrictEqual(want);
  });

  it('is named admin-key and accepts only an empty configuration', () => {
    expect(adminKey.name).toBe('admin-key');
    expect(adminKey.configSchema).toStrictEqual({
      type: 'object',
      additionalProperties: false,
      properties: {},
    });
  });
});
