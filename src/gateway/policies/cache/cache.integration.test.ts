import { randomUUID } from 'node:crypto';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { GatewayResult } from '../../policy.js';
import { REDIS_CACHE_PREFIX, createCachePolicy } from './index.js';
import { passThrough, recordingLogger, testContext, testExchange } from './testing.js';
import { withService } from '../../../../test/services.js';

const ORGANIZATION = { id: '42', name: 'Acme' };
const handler = (): GatewayResult => ({
  status: 200,
  contentType: 'application/json',
  body: ORGANIZATION,
});

function describeShared(redisUrl: string): void {
  describe('cache in Redis', () => {
    // One connection per simulated process; each API id keeps this run's keys apart.
    const apiId = `cache-test-${randomUUID()}`;
    let first: Redis;
    let second: Redis;

    beforeAll(() => {
      first = new Redis(redisUrl);
      second = new Redis(redisUrl);
    });

    afterAll(async () => {
      const keys = await first.keys(`${REDIS_CACHE_PREFIX}${apiId}:*`);
      if (keys.length > 0) await first.del(...keys);
      await Promise.all([first.quit(), second.quit()]);
    });

    it('serves in one process what another stored, with a PX expiry', async () => {
      const storing = createCachePolicy({ ttlSeconds: 30 }, testContext(undefined, first));
      const reading = createCachePolicy({ ttlSeconds: 30 }, testContext(undefined, second));
      const request = { apiId, clientId: 'client-a' };

      const miss = await passThrough(storing, testExchange(request), handler);
      const hit = await passThrough(reading, testExchange(request), handler);
      const [key = ''] = await first.keys(`${REDIS_CACHE_PREFIX}${apiId}:getOrganization:*`);

      expect(miss.handled).toBe(true);
      expect(hit.handled).toBe(false);
      expect(hit.result).toMatchObject({ status: 200, body: ORGANIZATION });
      expect(hit.result.headers?.['X-Cache']).toBe('HIT');
      expect(hit.result.headers?.['ETag']).toBe(miss.result.headers?.['ETag']);
      expect(await first.pttl(key)).toBeGreaterThan(29_000);
      expect(JSON.parse((await first.get(key)) ?? 'null')).toMatchObject({ kind: 'response' });
    });

    it('keeps Vary variants apart across processes', async () => {
      const varying = (): GatewayResult => ({ ...handler(), headers: { Vary: 'Accept-Language' } });
      const storing = createCachePolicy({ ttlSeconds: 30 }, testContext(undefined, first));
      const reading = createCachePolicy({ ttlSeconds: 30 }, testContext(undefined, second));
      const english = {
        apiId,
        operationId: 'listOrganizations',
        headers: { 'Accept-Language': 'en' },
      };
      const german = { ...english, headers: { 'Accept-Language': 'de' } };

      await passThrough(storing, testExchange(english), varying);
      expect((await passThrough(reading, testExchange(german), varying)).handled).toBe(true);
      expect((await passThrough(reading, testExchange(english), varying)).handled).toBe(false);
    });
  });
}

describe('cache with an unreachable Redis', () => {
  let unreachable: Redis;

  beforeAll(() => {
    unreachable = new Redis({
      host: '127.0.0.1',
      port: 1,
      enableOfflineQueue: false,
      connectTimeout: 200,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    // The connection's own error events are expected here; the cache reports through its log.
    unreachable.on('error', () => undefined);
  });

  afterAll(() => {
    unreachable.disconnect();
  });

  it('answers every request from the handler and logs one warning', async () => {
    const { log, lines } = recordingLogger();
    const policy = createCachePolicy({ ttlSeconds: 30 }, testContext(log, unreachable));
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < 3; i += 1) {
      answers.push(await passThrough(policy, testExchange(), handler));
    }

    expect(answers.map(({ handled, result }) => [handled, result.status])).toStrictEqual([
      [true, 200],
      [true, 200],
      [true, 200],
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(lines.map(({ level, msg }) => ({ level, msg }))).toStrictEqual([
      { level: 'warn', msg: 'response cache unavailable in Redis; answering without it' },
    ]);
  });
});

withService('REDIS_URL', 'cache in Redis', (url) => describeShared(url));
