import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import type { Request, Response } from 'express';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../observability/logger.js';
import type { Store } from '../../../store/index.js';
import type { Exchange, OperationScope } from '../../policy.js';
import {
  createRateLimitPolicy,
  MemoryQuotaStore,
  REDIS_KEY_PREFIX,
  RedisQuotaStore,
} from './index.js';
import type { QuotaStore, QuotaWindow } from './index.js';
import { withService } from '../../../../test/services.js';

const WORKER = fileURLToPath(new URL('./quota-worker.ts', import.meta.url));

const window = (limit: number, windowMs: number, label: string): QuotaWindow => ({
  limit,
  windowMs,
  label,
});

interface Worker {
  ready: Promise<void>;
  go: () => void;
  result: Promise<{ admitted: number }>;
}

/** Starts a worker process that fires `attempts` consumes at `key` once told to go. */
function startWorker(url: string, key: string, attempts: number, limit: number): Worker {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WORKER, url, key, String(attempts), String(limit), '3600000'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<{ admitted: number }>((resolve, reject) => {
    child.on('close', (code) => {
      const line = stdout.split('\n')[1] ?? '';
      if (code !== 0 || line === '') {
        reject(new Error(`expected the worker to report, but it exited ${code}: ${stderr}`));
        return;
      }
      resolve(JSON.parse(line) as { admitted: number });
    });
  });
  return { ready, go: () => child.stdin.end('go\n'), result };
}

function describeRedis(url: string): void {
  describe('RedisQuotaStore', () => {
    const run = `test-${randomUUID()}`;
    let redis: Redis;
    let store: RedisQuotaStore;

    beforeAll(() => {
      redis = new Redis(url);
      store = new RedisQuotaStore(redis, { timeoutMs: 2_000 });
    });

    afterAll(async () => {
      const keys = await redis.keys(`${REDIS_KEY_PREFIX}${run}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    it('lets two processes firing 150 requests each admit exactly the limit of 100', async () => {
      const key = `${run}:shared`;
      const workers = [startWorker(url, key, 150, 100), startWorker(url, key, 150, 100)];
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) worker.go();

      const results = await Promise.all(workers.map((worker) => worker.result));
      expect(results.reduce((sum, { admitted }) => sum + admitted, 0)).toBe(100);
    });

    it('admits only when every window admits and takes nothing on a refusal', async () => {
      const key = `${run}:windows`;
      const quota = [window(2, 1_000, '1s'), window(5, 3_600_000, '1h')];
      const decisions = await Promise.all([1, 2, 3, 4].map(() => store.consume(key, quota)));

      expect(decisions.map((decision) => decision.allowed).sort()).toStrictEqual([
        false,
        false,
        true,
        true,
      ]);
      const refused = decisions.find((decision) => !decision.allowed);
      expect(refused).toMatchObject({ retryAfterSeconds: 1, window: { label: '1s' } });
      await expect(store.consume(key, [window(5, 3_600_000, '1h')])).resolves.toMatchObject({
        allowed: true,
        remaining: 2,
      });
    });

    it('keeps one hash per key under junction:rl: that expires when every bucket is full', async () => {
      const key = `${run}:expiry`;
      await store.consume(key, [window(2, 1_000, '1s'), window(5, 60_000, '1m')]);

      const stored = REDIS_KEY_PREFIX + key;
      expect(Object.keys(await redis.hgetall(stored)).sort()).toStrictEqual(['2/1000', '5/60000']);
      const ttl = await redis.pttl(stored);
      expect(ttl).toBeGreaterThan(10_000);
      expect(ttl).toBeLessThanOrEqual(12_000);
    });

    it('tells a refused caller to retry when the next token arrives', async () => {
      const key = `${run}:retry`;
      const quota = [window(1, 3_000, '3s')];
      await store.consume(key, quota);
      await expect(store.consume(key, quota)).resolves.toStrictEqual({
        allowed: false,
        remaining: 0,
        resetSeconds: 3,
        retryAfterSeconds: 3,
        window: quota[0],
      });
    });

    it.each([
      { name: 'memory', create: (): QuotaStore => new MemoryQuotaStore() },
      { name: 'Redis', create: (): QuotaStore => store },
    ])('decides a burst the same way in the $name store', async ({ name, create }) => {
      const quota = [window(3, 60_000, '1m')];
      const burstStore = create();
      const seen = [];
      for (let i = 0; i < 5; i++) {
        const { allowed, remaining } = await burstStore.consume(`${run}:same-${name}`, quota);
        seen.push({ allowed, remaining });
      }
      expect(seen).toStrictEqual([
        { allowed: true, remaining: 2 },
        { allowed: true, remaining: 1 },
        { allowed: true, remaining: 0 },
        { allowed: false, remaining: 0 },
        { allowed: false, remaining: 0 },
      ]);
    });

    it('sets the quota headers when the policy counts in Redis', async () => {
      const policy = createRateLimitPolicy(
        { key: 'ip', windows: [{ limit: 1, window: '1m' }], onStoreFailure: 'closed' },
        // The rate-limit policy keeps no records.
        { apiId: run, log: createLogger('silent'), store: {} as Store, redis },
      );
      const headers: Record<string, string> = {};
      const exchange: Exchange = {
        // The policy touches nothing else of Express's request and response objects.
        req: { headers: {} } as unknown as Request,
        res: { setHeader: (n: string, v: string) => (headers[n] = v) } as unknown as Response,
        scope: {} as OperationScope,
        log: createLogger('silent'),
        clientAddress: '198.51.100.4',
      };
      await policy.onRequest?.(exchange);
      await expect(Promise.resolve(policy.onRequest?.(exchange))).rejects.toMatchObject({
        code: 'rate-limited',
      });
      expect(headers).toStrictEqual({
        'RateLimit-Policy': '"1m";q=1;w=60',
        RateLimit: '"1m";r=0;t=60',
        'Retry-After': '60',
      });
      expect(await redis.exists(`${REDIS_KEY_PREFIX}${run}:ip:198.51.100.4`)).toBe(1);
    });
  });
}

withService('REDIS_URL', 'RedisQuotaStore', (url) => describeRedis(url));
