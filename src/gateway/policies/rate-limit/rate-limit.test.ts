import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';

import { createLogger } from '../../../observability/logger.js';
import { ProblemError } from '../../../runtime/errors.js';
import type { Store } from '../../../store/index.js';
import type { Caller, Exchange, OperationScope, PolicyContext } from '../../policy.js';
import { PolicyConfigError } from '../../policy.js';
import { createRateLimitPolicy, MemoryQuotaStore, rateLimit } from './index.js';
import type { QuotaStore, RateLimitConfig } from './index.js';

interface FakeRequest {
  caller?: Caller;
  address?: string;
  headers?: Record<string, string | string[]>;
}

/** A minimal exchange: the policy reads request headers and writes response headers only. */
function fakeExchange({ caller, address = '203.0.113.9', headers = {} }: FakeRequest = {}) {
  const written: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string) {
      written[name] = value;
      return res;
    },
  };
  const exchange: Exchange = {
    // The policy touches nothing else of Express's request and response objects.
    req: { headers } as unknown as Request,
    res: res as unknown as Response,
    scope: {} as OperationScope,
    log: createLogger('silent'),
    clientAddress: address,
    ...(caller ? { caller } : {}),
  };
  return { exchange, written };
}

function fakeContext(lines: string[] = []): PolicyContext {
  return {
    apiId: 'canonical-v1',
    log: createLogger('warn', { write: (line: string) => void lines.push(line) }),
    // The rate-limit policy keeps no records.
    store: {} as Store,
  };
}

/** A memory store that remembers which keys were consumed. */
function recordingStore() {
  const memory = new MemoryQuotaStore({ clock: () => 0 });
  const keys: string[] = [];
  const store: QuotaStore = {
    consume: (key, windows) => {
      keys.push(key);
      return memory.consume(key, windows);
    },
  };
  return { store, keys };
}

const failingStore: QuotaStore = {
  consume: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
};

async function refusal(promise: unknown): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => new Error('expected a refusal, but the request was admitted'),
    (err: unknown) => err,
  );
}

const client = { clientId: 'c1', planId: 'gold' };
const longValue = 'k'.repeat(200);

describe('rate-limit key', () => {
  it.each([
    { key: 'client', request: { caller: client }, want: 'canonical-v1:client:c1' },
    { key: 'client', request: {}, want: 'canonical-v1:ip:203.0.113.9' },
    { key: 'plan', request: { caller: client }, want: 'canonical-v1:plan:gold' },
    { key: 'plan', request: { caller: { clientId: 'c2' } }, want: 'canonical-v1:client:c2' },
    { key: 'plan', request: {}, want: 'canonical-v1:ip:203.0.113.9' },
    { key: 'ip', request: { caller: client }, want: 'canonical-v1:ip:203.0.113.9' },
    {
      key: 'header:X-Api-Key',
      request: { headers: { 'x-api-key': 'k1' } },
      want: 'canonical-v1:header:x-api-key:k1',
    },
    { key: 'header:X-Api-Key', request: {}, want: 'canonical-v1:ip:203.0.113.9' },
    {
      key: 'header:X-Api-Key',
      request: { headers: { 'x-api-key': longValue } },
      want: 'canonical-v1:header:x-api-key:sha256:bePCiGkQNzYZYgQfInPzgWWBh-QmGHl54Cc9Am6huUY',
    },
  ])('spends the quota of $want for key $key', async ({ key, request, want }) => {
    const { store, keys } = recordingStore();
    const policy = createRateLimitPolicy(
      { key, windows: [{ limit: 5, window: '1s' }] },
      fakeContext(),
      { store },
    );
    await policy.onRequest?.(fakeExchange(request).exchange);
    expect(keys).toStrictEqual([want]);
  });
});

describe('rate-limit policy', () => {
  const config: RateLimitConfig = {
    windows: [
      { limit: 2, window: '1s' },
      { limit: 1000, window: '1h' },
    ],
    plans: { gold: [{ limit: 3, window: 1 }] },
  };

  it('sets RateLimit-Policy and RateLimit on an admitted request', async () => {
    const policy = createRateLimitPolicy(config, fakeContext(), { store: recordingStore().store });
    const { exchange, written } = fakeExchange({ caller: { clientId: 'c1' } });
    await expect(policy.onRequest?.(exchange)).resolves.toBeUndefined();
    expect(written).toStrictEqual({
      'RateLimit-Policy': '"1s";q=2;w=1, "1h";q=1000;w=3600',
      RateLimit: '"1s";r=1;t=1',
    });
  });

  it('refuses with 429 rate-limited and Retry-After once a window is spent', async () => {
    const policy = createRateLimitPolicy(config, fakeContext(), { store: recordingStore().store });
    const caller = { clientId: 'c1' };
    await policy.onRequest?.(fakeExchange({ caller }).exchange);
    await policy.onRequest?.(fakeExchange({ caller }).exchange);
    const { exchange, written } = fakeExchange({ caller });
    const err = await refusal(policy.onRequest?.(exchange));
    expect(err).toBeInstanceOf(ProblemError);
    expect(err).toMatchObject({
      code: 'rate-limited',
      status: 429,
      detail: 'The quota of 2 requests per 1s is used up; retry after 1 second.',
    });
    expect(written).toStrictEqual({
      'RateLimit-Policy': '"1s";q=2;w=1, "1h";q=1000;w=3600',
      RateLimit: '"1s";r=0;t=1',
      'Retry-After': '1',
    });
  });

  it('gives callers on a listed plan that plan’s windows instead', async () => {
    const policy = createRateLimitPolicy(config, fakeContext(), { store: recordingStore().store });
    const caller = { clientId: 'c1', planId: 'gold' };
    for (let i = 0; i < 3; i++) await policy.onRequest?.(fakeExchange({ caller }).exchange);
    const { exchange, written } = fakeExchange({ caller });
    expect(await refusal(policy.onRequest?.(exchange))).toMatchObject({ code: 'rate-limited' });
    expect(written['RateLimit-Policy']).toBe('"1s";q=3;w=1');
  });

  it('gives callers on a stored plan that plan’s limits, and the policy windows otherwise', async () => {
    const looked: string[] = [];
    const policy = createRateLimitPolicy({ windows: [{ limit: 5, window: '1h' }] }, fakeContext(), {
      store: recordingStore().store,
      clock: () => 0,
      planWindows: (planId) => {
        looked.push(planId);
        return Promise.resolve(planId === 'silver' ? [{ limit: 1, window: '1m' }] : undefined);
      },
    });
    const silver = { clientId: 'c2', planId: 'silver' };
    await policy.onRequest?.(fakeExchange({ caller: silver }).exchange);
    const { exchange, written } = fakeExchange({ caller: silver });
    expect(await refusal(policy.onRequest?.(exchange))).toMatchObject({ code: 'rate-limited' });
    expect(written['RateLimit-Policy']).toBe('"1m";q=1;w=60');
    const bronze = fakeExchange({ caller: { clientId: 'c3', planId: 'bronze' } });
    await policy.onRequest?.(bronze.exchange);
    expect(bronze.written['RateLimit-Policy']).toBe('"1h";q=5;w=3600');
    expect(looked).toEqual(['silver', 'bronze']);
  });

  it('admits without RateLimit when the store fails and onStoreFailure is open', async () => {
    const lines: string[] = [];
    let nowMs = 0;
    const policy = createRateLimitPolicy(config, fakeContext(lines), {
      store: failingStore,
      clock: () => nowMs,
    });
    const { exchange, written } = fakeExchange();
    await expect(policy.onRequest?.(exchange)).resolves.toBeUndefined();
    expect(written).toStrictEqual({ 'RateLimit-Policy': '"1s";q=2;w=1, "1h";q=1000;w=3600' });

    await policy.onRequest?.(fakeExchange().exchange);
    nowMs = 60_000;
    await policy.onRequest?.(fakeExchange().exchange);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.map(({ level, msg, suppressed }) => ({ level, msg, suppressed }))).toStrictEqual([
      { level: 'warn', msg: 'rate-limit counters unavailable; admitting requests', suppressed: 0 },
      { level: 'warn', msg: 'rate-limit counters unavailable; admitting requests', suppressed: 1 },
    ]);
  });

  it('answers 503 unavailable when the store fails and onStoreFailure is closed', async () => {
    const lines: string[] = [];
    const policy = createRateLimitPolicy(
      { ...config, onStoreFailure: 'closed' },
      fakeContext(lines),
      { store: failingStore },
    );
    const err = await refusal(policy.onRequest?.(fakeExchange().exchange));
    expect(err).toMatchObject({
      code: 'unavailable',
      status: 503,
      detail:
        'The rate-limit counters could not be reached, so the request was refused; retry shortly.',
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'error',
      onStoreFailure: 'closed',
    });
  });

  it('is the rate-limit factory, counting in memory without Redis', async () => {
    expect(rateLimit.name).toBe('rate-limit');
    const policy = await rateLimit.create({ windows: [{ limit: 1, window: '1m' }] }, fakeContext());
    await policy.onRequest?.(fakeExchange().exchange);
    expect(await refusal(policy.onRequest?.(fakeExchange().exchange))).toMatchObject({
      code: 'rate-limited',
      detail: 'The quota of 1 request per 1m is used up; retry after 60 seconds.',
    });
    await policy.close?.();
  });
});

describe('rate-limit configuration', () => {
  const expectedDuration =
    "a duration such as '500ms', '1s', '10s', '1m', '1h' or '1d', or a whole number of seconds, " +
    'between 1ms and 366d';

  it.each([
    {
      config: { windows: [{ limit: 1, window: '1 sec' }] },
      message: `windows[0].window="1 sec" is not valid: expected ${expectedDuration}`,
    },
    {
      config: { windows: [{ limit: 1, window: '0s' }] },
      message: `windows[0].window="0s" is not valid: expected ${expectedDuration}`,
    },
    {
      config: { windows: [{ limit: 1, window: '400d' }] },
      message: `windows[0].window="400d" is not valid: expected ${expectedDuration}`,
    },
    {
      config: { windows: [{ limit: 1, window: '1500ms' }] },
      message:
        'windows[0].window="1500ms" is not valid: expected a whole number of seconds, such as 1s or 90s',
    },
    {
      config: {
        windows: [
          { limit: 1, window: '60s' },
          { limit: 5, window: '1m' },
        ],
      },
      message: 'windows[1].window="1m" is not valid: expected a duration no other window has',
    },
    {
      config: {
        windows: [{ limit: 1, window: '1s' }],
        plans: { gold: [{ limit: 1, window: 'x' }] },
      },
      message: `plans.gold[0].window="x" is not valid: expected ${expectedDuration}`,
    },
    {
      config: { windows: [] },
      message: 'windows=[] is not valid: expected at least one { limit, window }',
    },
    {
      config: { windows: [{ limit: 0.5, window: '1s' }] },
      message: 'windows[0].limit=0.5 is not valid: expected an integer from 1 to 1000000000',
    },
    {
      config: { key: 'user', windows: [{ limit: 1, window: '1s' }] },
      message:
        "key=\"user\" is not valid: expected 'client', 'plan', 'ip' or 'header:<name>' with an HTTP header name",
    },
  ])('refuses $message', ({ config, message }) => {
    const create = () => createRateLimitPolicy(config, fakeContext());
    expect(create).toThrow(PolicyConfigError);
    expect(create).toThrow(message);
  });

  it('accepts windows as whole seconds and spells them canonically in headers', async () => {
    const policy = createRateLimitPolicy(
      {
        windows: [
          { limit: 5, window: 90 },
          { limit: 50, window: '3600s' },
        ],
      },
      fakeContext(),
    );
    const { exchange, written } = fakeExchange();
    await policy.onRequest?.(exchange);
    expect(written['RateLimit-Policy']).toBe('"90s";q=5;w=90, "1h";q=50;w=3600');
  });

  const validate = new Ajv2020({ allErrors: true }).compile(rateLimit.configSchema);

  it.each([
    { windows: [{ limit: 10, window: '1s' }] },
    {
      key: 'header:X-Api-Key',
      windows: [{ limit: 10, window: 1 }],
      onStoreFailure: 'closed',
      plans: { gold: [{ limit: 100, window: '1s' }] },
    },
  ])('has a schema that admits %j', (config) => {
    expect(validate(config)).toBe(true);
  });

  it.each([
    { name: 'no windows', config: {} },
    { name: 'an empty window list', config: { windows: [] } },
    { name: 'a zero limit', config: { windows: [{ limit: 0, window: '1s' }] } },
    { name: 'an unknown key kind', config: { key: 'user', windows: [{ limit: 1, window: 1 }] } },
    {
      name: 'an unknown failure mode',
      config: { windows: [{ limit: 1, window: 1 }], onStoreFailure: 'retry' },
    },
    { name: 'an unknown property', config: { windows: [{ limit: 1, window: 1 }], burst: 5 } },
  ])('has a schema that refuses $name', ({ config }) => {
    expect(validate(config)).toBe(false);
  });
});
