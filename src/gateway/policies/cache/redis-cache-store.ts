import type { Redis } from 'ioredis';

import type { Logger } from '../../../observability/logger.js';
import { isCacheRecord } from './cache-entry.js';
import type { CacheRecord } from './cache-entry.js';
import type { CacheStore } from './cache-store.js';

/** The prefix of every key the response cache uses in Redis. */
export const REDIS_CACHE_PREFIX = 'junction:cache:';

/** Connection states in which a command would only wait in the client's offline queue. */
const DOWN_STATES = new Set(['reconnecting', 'close', 'end']);

/** How long a command may take and how often an unavailable Redis is reported. */
export interface RedisCacheStoreOptions {
  /** Milliseconds before a command counts as failed. Default 150. */
  timeoutMs?: number;
  /** Milliseconds between two warnings about an unavailable Redis. Default 60 000. */
  warnIntervalMs?: number;
  /** Milliseconds; `Date.now` unless a test drives time. */
  now?: () => number;
}

/**
 * Records shared by every process, as JSON under `junction:cache:<key>` with a `PX` expiry. When
 * Redis is down, slow or answers with something that is not a record, a read is a miss and a
 * write is dropped; one warning per interval says so, with how many failures it stands for.
 */
export class RedisCacheStore implements CacheStore {
  readonly #timeoutMs: number;
  readonly #warnIntervalMs: number;
  readonly #now: () => number;
  #lastWarnAt = Number.NEGATIVE_INFINITY;
  #unreported = 0;

  constructor(
    private readonly redis: Redis,
    private readonly log: Logger,
    options: RedisCacheStoreOptions = {},
  ) {
    this.#timeoutMs = options.timeoutMs ?? 150;
    this.#warnIntervalMs = options.warnIntervalMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  async get(key: string): Promise<CacheRecord | undefined> {
    try {
      const raw = await this.#run(() => this.redis.get(REDIS_CACHE_PREFIX + key));
      if (raw === null) return undefined;
      const record: unknown = JSON.parse(raw);
      if (isCacheRecord(record)) return record;
      this.#degraded(new Error(`expected a cache record under ${key}, got ${raw.slice(0, 80)}`));
    } catch (err) {
      this.#degraded(err);
    }
    return undefined;
  }

  async set(key: string, record: CacheRecord, ttlMs: number): Promise<void> {
    const value = JSON.stringify(record);
    try {
      await this.#run(() => this.redis.set(REDIS_CACHE_PREFIX + key, value, 'PX', ttlMs));
    } catch (err) {
      this.#degraded(err);
    }
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    if (DOWN_STATES.has(this.redis.status)) {
      throw new Error(`expected a connected Redis, but the connection is ${this.redis.status}`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`expected Redis to answer within ${this.#timeoutMs} ms, got no answer`));
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([command(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #degraded(err: unknown): void {
    this.#unreported += 1;
    const now = this.#now();
    if (now - this.#lastWarnAt < this.#warnIntervalMs) return;
    this.log.warn(
      { err, failures: this.#unreported },
      'response cache unavailable in Redis; answering without it',
    );
    this.#lastWarnAt = now;
    this.#unreported = 0;
  }
}
