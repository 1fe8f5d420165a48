import type { Request, Response } from 'express';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../observability/logger.js';
import type { Store } from '../../../store/index.js';
import type { Exchange, OperationScope, PolicyContext } from '../../policy.js';
import { createRateLimitPolicy, QuotaStoreUnavailableError, RedisQuotaStore } from './index.js';

// Nothing listens on port 1, so every connection attempt is refused; ioredis keeps retrying and
// queues commands meanwhile, which is what the store must not wait for.
const unreachable = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true });
unreachable.on('error', () => undefined);

afterAll(() => {
  unreachable.disconnect();
});

const windows = [{ limit: 10, windowMs: 1_000, label: '1s' }];

function fakeExchange(headers: Record<string, string>): Exchange {
  return {
    // The policy touches nothing else of Express's request and response objects.
    req: { headers: {} } as unknown as Request,
    res: {
      setHeader: (name: string, value: string) => (headers[name] = value),
    } as unknown as Response,
    scope: {} as OperationScope,
    log: createLogger('silent'),
    clientAddress: '203.0.113.9',
  };
}

const context: PolicyContext = {
  apiId: 'canonical-v1',
  log: createLogger('silent'),
  // The rate-limit policy keeps no records.
  store: {} as Store,
  redis: unreachable,
};

async function timed(promise: Promise<unknown> | undefined): Promise<{ ms: number; err: unknown }> {
  const started = performance.now();
  const err = await Promise.resolve(promise).then(
    () => undefined,
    (error: unknown) => error,
  );
  return { ms: performance.now() - started, err };
}

describe('RedisQuotaStore against an unreachable Redis', () => {
  it('fails a consume within its timeout instead of waiting for the connection', async () => {
    const store = new RedisQuotaStore(unreachable, { timeoutMs: 100 });
    const { ms, err } = await timed(store.consume('k', windows));
    expect(err).toBeInstanceOf(QuotaStoreUnavailableError);
    expect(ms).toBeLessThan(500);
  });

  it('fails at once while the client is reconnecting', async () => {
    const store = new RedisQuotaStore(unreachable);
    await expect.poll(() => unreachable.status).toBe('reconnecting');
    const { ms, err } = await timed(store.consume('k', windows));
    expect(err).toBeInstanceOf(QuotaStoreUnavailableError);
    expect((err as Error).message).toBe(
      'expected the rate-limit counters in Redis to answer, but the connection is reconnecting',
    );
    expect(ms).toBeLessThan(50);
  });

  it('admits requests quickly when onStoreFailure is open', async () => {
    const policy = createRateLimitPolicy({ windows: [{ limit: 1, window: '1s' }] }, context);
    const headers: Record<string, string> = {};
    const { ms, err } = await timed(Promise.resolve(policy.onRequest?.(fakeExchange(headers))));
    expect(err).toBeUndefined();
    expect(headers).toStrictEqual({ 'RateLimit-Policy': '"1s";q=1;w=1' });
    expect(ms).toBeLessThan(500);
  });

  it('answers 503 quickly when onStoreFailure is closed', async () => {
    const policy = createRateLimitPolicy(
      { windows: [{ limit: 1, window: '1s' }], onStoreFailure: 'closed' },
      context,
    );
    const { ms, err } = await timed(Promise.resolve(policy.onRequest?.(fakeExchange({}))));
    expect(err).toMatchObject({ code: 'unavailable', status: 503 });
    expect(ms).toBeLessThan(500);
  });
});
