import { LRUCache } from 'lru-cache';

/**
 * A bounded least-recently-used map whose entries also expire a fixed time after they were set,
 * read against an injected clock (epoch ms) so that expiry is testable.
 */
export class ExpiringLru<Value extends object> {
  private readonly entries: LRUCache<string, { value: Value; expiresAt: number }>;

  constructor(
    max: number,
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {
    this.entries = new LRUCache({ max });
  }

  /** The value set under `key`, unless it has expired or been evicted. */
  get(key: string): Value | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.clock()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores `value` for the TTL, evicting the least recently used entry when full. */
  set(key: string, value: Value): void {
    this.entries.set(key, { value, expiresAt: this.clock() + this.ttlMs });
  }
}
