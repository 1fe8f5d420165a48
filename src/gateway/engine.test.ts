import { describe, expect, it, vi } from 'vitest';

import type { GatewayFileConfig } from '../config/file.js';
import { createLogger } from '../observability/logger.js';
import type { GatewayConfig } from '../pipeline/gateway.js';
import type { Store } from '../store/index.js';
import { Gateway, runRequestPhase, runResponsePhase } from './engine.js';
import type { Chain, GatewayApi, PlatformPolicySource, RunState } from './engine.js';
import type { PlatformPolicy } from './declarations.js';
import type { Exchange, GatewayResult, Policy, PolicyFactory } from './policy.js';
import { PolicyRegistry } from './registry.js';

const log = createLogger('silent');

/** A policy kind that records what it was created with and what ran. */
function recorder(name: string, calls: string[], created: unknown[] = []): PolicyFactory {
  return {
    name,
    configSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { limit: { type: 'integer', minimum: 1 }, answer: { type: 'integer' } },
    },
    create(config) {
      created.push(config);
      const { answer } = config as { answer?: number };
      const policy: Policy = {
        onRequest: () => {
          calls.push(`${name} request`);
          return answer === undefined ? undefined : { status: answer, body: { by: name } };
        },
        onResponse: (_exchange, result) => {
          calls.push(`${name} response`);
          return { ...result, headers: { ...result.headers, [`x-${name}`]: 'seen' } };
        },
        close: () => void calls.push(`${name} closed`),
      };
      return policy;
    },
  };
}

function api(overrides: Partial<GatewayConfig> = {}): GatewayApi {
  const operation = (operationId: string, method: string, path: string) => ({
    operationId,
    method,
    path,
    pathPolicies: {},
    policies: {},
    security: [],
    requestMediaTypes: [],
  });
  return {
    config: {
      apiId: 'orders-v1',
      basePath: '/orders/v1',
      policies: {},
      securitySchemes: {},
      operations: [
        operation('listOrders', 'get', '/orders'),
        operation('createOrder', 'post', '/orders'),
      ],
      ...overrides,
    },
    document: { paths: { '/orders': { get: {}, post: {} } } },
  };
}

const noFile: GatewayFileConfig = { policies: {}, apis: {}, customPolicies: {}, oauth2: {} };

async function build(
  apis: GatewayApi[],
  factories: PolicyFactory[],
  file: GatewayFileConfig = noFile,
  platform?: PlatformPolicySource,
) {
  return Gateway.create({
    registry: new PolicyRegistry(factories),
    file,
    context: { log, store: {} as Store },
    apis,
    ...(platform ? { platform } : {}),
  });
}

function names(chain: Chain | undefined): string[] {
  return chain?.policies.map((entry) => entry.name) ?? [];
}

const exchange = {} as Exchange;

describe('the policy engine', () => {
  it('runs CORS first and built-ins in their fixed order, custom policies after them', async () => {
    const calls: string[] = [];
    const kinds = ['rate-limit', 'stamp', 'cors', 'ip-access'].map((n) => recorder(n, calls));
    const gateway = await build(
      [api({ policies: { stamp: {}, 'rate-limit': { limit: 5 }, cors: {}, 'ip-access': {} } })],
      kinds,
    );
    expect(names(gateway.chain('orders-v1', 'listOrders'))).toEqual([
      'cors',
      'ip-access',
      'rate-limit',
      'stamp',
    ]);
  });

  it('lets the most specific declaration win and `false` switch a policy off', async () => {
    const created: unknown[] = [];
    const limits = recorder('rate-limit', [], created);
    const cors = recorder('cors', []);
    const base = api({ policies: { 'rate-limit': { limit: 1 }, cors: {} } });
    base.config.operations[1]!.policies = { 'rate-limit': { limit: 2 }, cors: false };
    const file: GatewayFileConfig = {
      ...noFile,
      apis: {
        'orders-v1': { operations: { listOrders: { policies: { 'rate-limit': { limit: 3 } } } } },
      },
    };
    const gateway = await build([base], [limits, cors], file);
    expect(names(gateway.chain('orders-v1', 'createOrder'))).toEqual(['rate-limit']);
    expect(names(gateway.chain('orders-v1', 'listOrders'))).toEqual(['cors', 'rate-limit']);
    expect(created).toEqual([{ limit: 3 }, { limit: 2 }]);
  });

  it('shares one instance between operations declared at the document level', async () => {
    const created: unknown[] = [];
    const gateway = await build(
      [api({ policies: { 'rate-limit': { limit: 1 } } })],
      [recorder('rate-limit', [], created)],
    );
    const list = gateway.chain('orders-v1', 'listOrders')?.policies[0]?.policy;
    const create = gateway.chain('orders-v1', 'createOrder')?.policies[0]?.policy;
    expect(created).toHaveLength(1);
    expect(list).toBe(create);
  });

  it('refuses an invalid declaration with one line naming API, operation, policy, key and value', async () => {
    const broken = api();
    broken.config.operations[1]!.policies = { 'rate-limit': { limit: 'ten' } };
    await expect(build([broken], [recorder('rate-limit', [])])).rejects.toThrow(
      `orders-v1 createOrder (spec operation createOrder): policy 'rate-limit': limit="ten" is not valid: expected must be integer`,
    );
  });

  it('refuses an unknown setting and an unknown policy by name', async () => {
    await expect(
      build([api({ policies: { 'rate-limit': { limt: 1 } } })], [recorder('rate-limit', [])]),
    ).rejects.toThrow(`policy 'rate-limit': limt is not a setting of this policy`);
    await expect(
      build([api({ policies: { 'rate-limt': {} } })], [recorder('rate-limit', [])]),
    ).rejects.toThrow(`policy 'rate-limt': no such policy; expected one of rate-limit`);
  });

  it('reports an error a factory throws as a declaration error of that API and policy', async () => {
    const picky: PolicyFactory = {
      name: 'picky',
      configSchema: { type: 'object' },
      create: () => {
        throw new Error('origins="*" is not valid: expected exact origins with credentials');
      },
    };
    await expect(build([api({ policies: { picky: {} } })], [picky])).rejects.toThrow(
      `orders-v1 listOrders (spec document): policy 'picky': origins="*" is not valid`,
    );
  });

  it('rebuilds the chains when the platform revision moves, reusing unchanged instances', async () => {
    const calls: string[] = [];
    const created: unknown[] = [];
    let revision = 1;
    let stored: PlatformPolicy[] = [];
    const platform: PlatformPolicySource = {
      revision: () => Promise.resolve(revision),
      policies: () => Promise.resolve(stored),
    };
    const gateway = await build(
      [api({ policies: { cors: {} } })],
      [recorder('cors', calls), recorder('rate-limit', calls, created)],
      noFile,
      platform,
    );
    const cors = gateway.chain('orders-v1', 'listOrders')?.policies[0]?.policy;
    stored = [
      { apiId: 'orders-v1', operationId: 'listOrders', policy: 'rate-limit', config: { limit: 9 } },
    ];
    await gateway.refresh();
    expect(names(gateway.chain('orders-v1', 'listOrders'))).toEqual(['cors']);

    revision = 2;
    await gateway.refresh();
    expect(names(gateway.chain('orders-v1', 'listOrders'))).toEqual(['cors', 'rate-limit']);
    expect(names(gateway.chain('orders-v1', 'createOrder'))).toEqual(['cors']);
    expect(gateway.chain('orders-v1', 'listOrders')?.policies[0]?.policy).toBe(cors);
    expect(created).toEqual([{ limit: 9 }]);

    stored = [];
    revision = 3;
    await gateway.refresh();
    expect(names(gateway.chain('orders-v1', 'listOrders'))).toEqual(['cors']);
    expect(calls).toContain('rate-limit closed');
    expect(calls).not.toContain('cors closed');
    await gateway.close();
    expect(calls).toContain('cors closed');
  });

  it('keeps the previous chains when a reload fails, and logs why', async () => {
    const error = vi.fn();
    let revision = 1;
    let stored: PlatformPolicy[] = [];
    const gateway = await Gateway.create({
      registry: new PolicyRegistry([recorder('rate-limit', [])]),
      file: noFile,
      context: { log: { ...log, error, info: vi.fn() } as never, store: {} as Store },
      apis: [api({ policies: { 'rate-limit': { limit: 1 } } })],
      platform: {
        revision: () => Promise.resolve(revision),
        policies: () => Promise.resolve(stored),
      },
    });
    stored = [{ apiId: 'orders-v1', policy: 'rate-limit', config: { limit: 0 } }];
    revision = 2;
    await gateway.refresh();
    expect(error).toHaveBeenCalledOnce();
    expect(names(gateway.chain('orders-v1', 'listOrders'))).toEqual(['rate-limit']);
  });

  it('checks a configuration for the platform API without keeping the policy', async () => {
    const calls: string[] = [];
    const gateway = await build([api()], [recorder('rate-limit', calls)]);
    expect(await gateway.check('orders-v1', 'listOrders', 'rate-limit', { limit: 2 })).toBe(
      undefined,
    );
    expect(calls).toEqual(['rate-limit closed']);
    expect(await gateway.check('orders-v1', undefined, 'rate-limit', { limit: 0 })).toBe(
      `orders-v1: policy 'rate-limit': limit=0 is not valid: expected must be >= 1`,
    );
    expect(await gateway.check('orders-v1', 'nope', 'rate-limit', {})).toBe(
      `API 'orders-v1' has no operation 'nope'`,
    );
    expect(await gateway.check('billing-v9', undefined, 'rate-limit', {})).toBe(
      `API 'billing-v9' is not served here`,
    );
  });

  it('adds implicit policies everywhere but on proxied APIs, unless switched off', async () => {
    const body = recorder('threat-protection', []);
    const make = (config: Partial<GatewayConfig>) =>
      Gateway.create({
        registry: new PolicyRegistry([body]),
        file: noFile,
        context: { log, store: {} as Store },
        apis: [api(config)],
        implicit: { 'threat-protection': {} },
      });
    expect(names((await make({})).chain('orders-v1', 'listOrders'))).toEqual(['threat-protection']);
    const off = await make({ policies: { 'threat-protection': false } });
    expect(names(off.chain('orders-v1', 'listOrders'))).toEqual([]);
    const proxied = await make({ upstream: { url: 'http://127.0.0.1:4010' } });
    expect(names(proxied.chain('orders-v1', 'listOrders'))).toEqual([]);
  });
});

describe('running a chain', () => {
  async function chainOf(policies: Record<string, unknown>, calls: string[]) {
    const kinds = ['cors', 'rate-limit', 'cache'].map((n) => recorder(n, calls));
    const gateway = await build([api({ policies })], kinds);
    return gateway.chain('orders-v1', 'listOrders')!;
  }

  it('runs response phases in reverse order over the handler result', async () => {
    const calls: string[] = [];
    const chain = await chainOf({ cors: {}, 'rate-limit': {}, cache: {} }, calls);
    const state: RunState = { exchange, ran: 0 };
    expect(await runRequestPhase(chain, state)).toBeUndefined();
    const result = await runResponsePhase(chain, state, { status: 200, body: {} });
    expect(calls).toEqual([
      'cors request',
      'rate-limit request',
      'cache request',
      'cache response',
      'rate-limit response',
      'cors response',
    ]);
    expect(result.headers).toEqual({ 'x-cache': 'seen', 'x-rate-limit': 'seen', 'x-cors': 'seen' });
  });

  it('stops at a short answer and runs the response phase only of policies that ran', async () => {
    const calls: string[] = [];
    const chain = await chainOf({ cors: {}, 'rate-limit': { answer: 304 }, cache: {} }, calls);
    const state: RunState = { exchange, ran: 0 };
    const short = (await runRequestPhase(chain, state)) as GatewayResult;
    expect(short.status).toBe(304);
    await runResponsePhase(chain, state, short);
    expect(calls).toEqual([
      'cors request',
      'rate-limit request',
      'rate-limit response',
      'cors response',
    ]);
  });
});
