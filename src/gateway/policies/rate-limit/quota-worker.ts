/**
 * A child process of the cross-process quota test, not part of the runtime: it connects to Redis,
 * prints `ready`, waits for a line on stdin, fires its consumes at once through a
 * `RedisQuotaStore` and prints how many were admitted as JSON.
 *
 * Arguments: REDIS_URL, key, attempts, limit, window in milliseconds.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';

import { Redis } from 'ioredis';

import { RedisQuotaStore } from './redis-quota-store.js';

const [url = '', key = '', attempts = '0', limit = '0', windowMs = '0'] = process.argv.slice(2);
const redis = new Redis(url);
try {
  await redis.ping();
  process.stdout.write('ready\n');
  await once(createInterface({ input: process.stdin }), 'line');

  // A generous timeout: this process measures exactness under contention, not latency.
  const store = new RedisQuotaStore(redis, { timeoutMs: 10_000 });
  const windows = [{ limit: Number(limit), windowMs: Number(windowMs), label: 'test' }];
  const decisions = await Promise.all(
    Array.from({ length: Number(attempts) }, () => store.consume(key, windows)),
  );
  const admitted = decisions.filter((decision) => decision.allowed).length;
  process.stdout.write(`${JSON.stringify({ admitted })}\n`);
} finally {
  redis.disconnect();
  process.stdin.destroy();
}
