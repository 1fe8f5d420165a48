import { LRUCache } from 'lru-cache';

import type { CacheRecord } from './cache-entry.js';

/**
 * Where cached records live. A store never fails a request: a record it cannot read is a miss
 * and a record it cannot write is dropped.
 */
export interface CacheStore {
  /** The record under `key` while it is fresh; undefined once its TTL is over. */
  get(key: string): Promise<CacheRecord | undefined>;
  /** Stores `record` under `key` for `ttlMs` milliseconds, replacing what was there. */
  set(key: string, record: CacheRecord, ttlMs: number): Promise<void>;
  /** Frees what the store holds of its own; a shared connection stays open. */
  close?(): void | Promise<void>;
}

/** The memory store's bounds and clock. */
export interface MemoryCacheStoreOptions {
  maxEntries: number;
  /** Milliseconds; `Date.now` unless a test drives time. */
  now?: () => number;
}

/**
 * Records in this process only: the least recently used one is evicted beyond `maxEntries`, and
 * each expires after its own TTL. Responses and `Vary` records both count as entries.
 */
export class MemoryCacheStore implements CacheStore {
  readonly #records: LRUCache<string, { record: CacheRecord; expiresAt: number }>;
  readonly #now: () => number;

  constructor(options: MemoryCacheStoreOptions) {
    this.#now = options.now ?? Date.now;
    // The LRU's own TTL frees expired entries; `expiresAt` decides freshness, which ends when the
    // age reaches the TTL (RFC 9111 §4.2), one millisecond before the LRU would drop it.
    this.#records = new LRUCache({ max: options.maxEntries, perf: { now: this.#now } });
  }

  get(key: string): Promise<CacheRecord | undefined> {
    const stored = this.#records.get(key);
    if (stored === undefined || stored.expiresAt > this.#now()) {
      return Promise.resolve(stored?.record);
    }
    this.#records.delete(key);
    return Promise.resolve(undefined);
  }

  set(key: string, record: CacheRecord, ttlMs: number): Promise<void> {
    this.#records.set(key, { record, expiresAt: this.#now() + ttlMs }, { ttl: ttlMs });
    return Promise.resolve();
  }

  close(): void {
    this.#records.clear();
  }
}
