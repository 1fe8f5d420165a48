import { checkWindow, decide, windowField } from './quota-store.js';
import type { QuotaDecision, QuotaStore, QuotaWindow } from './quota-store.js';

const SWEEP_INTERVAL_MS = 60_000;

interface Bucket {
  /** The TAT of each window, by `windowField`. */
  tats: Map<string, number>;
  /** When every bucket of the key is full again, so the key can be forgotten. */
  expiresAtMs: number;
}

/** How a memory store is bounded and which clock it reads. */
export interface MemoryQuotaStoreOptions {
  /** Most keys held; the least recently written key is dropped beyond it. Default 100 000. */
  maxKeys?: number;
  /** Milliseconds since the epoch; `Date.now` unless a test injects a clock. */
  clock?: () => number;
}

/**
 * Buckets in this process's memory, for a single process or tests. A key expires once all its
 * buckets are full again (an expired key and a missing one are the same state); expired keys are
 * swept at most once a minute during `consume`, and at most `maxKeys` keys are held, so memory
 * stays bounded whatever the callers send. No timer runs.
 */
export class MemoryQuotaStore implements QuotaStore {
  readonly #clock: () => number;
  readonly #maxKeys: number;
  /** Insertion order is recency order: a key is re-inserted each time it is written. */
  readonly #buckets = new Map<string, Bucket>();
  #lastSweepMs = Number.NEGATIVE_INFINITY;

  constructor(options: MemoryQuotaStoreOptions = {}) {
    this.#clock = options.clock ?? (() => Date.now());
    this.#maxKeys = options.maxKeys ?? 100_000;
  }

  /** Checks and takes one token from every window of `key`, synchronously and so atomically. */
  consume(key: string, windows: readonly QuotaWindow[]): Promise<QuotaDecision> {
    return Promise.resolve(this.consumeNow(key, windows));
  }

  /** `consume` without the promise. */
  consumeNow(key: string, windows: readonly QuotaWindow[]): QuotaDecision {
    const nowMs = this.#clock();
    this.#sweep(nowMs);
    const nowUs = Math.round(nowMs * 1_000);
    const bucket = this.#buckets.get(key);
    const tats = bucket && bucket.expiresAtMs > nowMs ? bucket.tats : new Map<string, number>();
    const outcomes = windows.map((window) =>
      checkWindow(window, tats.get(windowField(window)), nowUs),
    );
    const decision = decide(windows, outcomes);
    if (!decision.allowed) return decision;

    outcomes.forEach((outcome, i) => {
      const window = windows[i];
      if (window) tats.set(windowField(window), outcome.nextTatUs);
    });
    const ttlUs = Math.max(...outcomes.map((outcome) => outcome.resetUs));
    this.#buckets.delete(key);
    this.#buckets.set(key, { tats, expiresAtMs: nowMs + Math.ceil(ttlUs / 1_000) });
    this.#evict();
    return decision;
  }

  /** Keys currently held; expired ones count until the next sweep. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Forgets every bucket. */
  close(): void {
    this.#buckets.clear();
  }

  /** Drops expired keys at most once a minute, so a wave of one-off callers does not linger. */
  #sweep(nowMs: number): void {
    if (nowMs - this.#lastSweepMs < SWEEP_INTERVAL_MS) return;
    this.#lastSweepMs = nowMs;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.expiresAtMs <= nowMs) this.#buckets.delete(key);
    }
  }

  /** Drops the least recently written keys beyond `maxKeys`. */
  #evict(): void {
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxKeys) return;
      this.#buckets.delete(key);
    }
  }
}
