import { describe, expect, it } from 'vitest';

import { MemoryQuotaStore } from './memory-quota-store.js';
import type { QuotaWindow } from './quota-store.js';

const window = (limit: number, seconds: number, label: string): QuotaWindow => ({
  limit,
  windowMs: seconds * 1_000,
  label,
});

const perSecond = window(10, 1, '1s');
const perHour = window(1000, 3600, '1h');

function storeAt(startMs = 1_700_000_000_000) {
  let nowMs = startMs;
  const store = new MemoryQuotaStore({ clock: () => nowMs });
  return {
    store,
    advance: (ms: number) => {
      nowMs += ms;
    },
    consume: (key: string, windows: readonly QuotaWindow[]) => store.consumeNow(key, windows),
  };
}

describe('MemoryQuotaStore', () => {
  it('admits a full bucket at once, then refuses and reports the window that refused', () => {
    const { consume } = storeAt();
    const admitted = Array.from({ length: 10 }, () => consume('a', [perSecond]).allowed);
    expect(admitted).toStrictEqual(Array<boolean>(10).fill(true));
    expect(consume('a', [perSecond])).toStrictEqual({
      allowed: false,
      remaining: 0,
      resetSeconds: 1,
      retryAfterSeconds: 1,
      window: perSecond,
    });
  });

  it('counts remaining requests and the seconds until the bucket is full again', () => {
    const { consume } = storeAt();
    expect(consume('a', [perHour])).toStrictEqual({
      allowed: true,
      remaining: 999,
      resetSeconds: 4,
      retryAfterSeconds: 0,
      window: perHour,
    });
  });

  it.each([
    { limit: 1, seconds: 10, waitMs: 10_000, retryAfter: 10 },
    { limit: 6, seconds: 60, waitMs: 10_000, retryAfter: 10 },
    { limit: 10, seconds: 1, waitMs: 100, retryAfter: 1 },
    { limit: 3, seconds: 10, waitMs: 3_334, retryAfter: 4 },
  ])(
    'refuses $limit per $seconds s for exactly $waitMs ms after the bucket is spent',
    ({ limit, seconds, waitMs, retryAfter }) => {
      const { consume, advance } = storeAt();
      const quota = [window(limit, seconds, `${seconds}s`)];
      for (let i = 0; i < limit; i++) expect(consume('a', quota).allowed).toBe(true);

      expect(consume('a', quota).retryAfterSeconds).toBe(retryAfter);
      advance(waitMs - 1);
      expect(consume('a', quota).allowed).toBe(false);
      advance(1);
      expect(consume('a', quota).allowed).toBe(true);
      expect(consume('a', quota).allowed).toBe(false);
    },
  );

  it('rounds a sub-second wait up to one second', () => {
    const { consume, advance } = storeAt();
    consume('a', [window(1, 2, '2s')]);
    advance(1_500);
    expect(consume('a', [window(1, 2, '2s')]).retryAfterSeconds).toBe(1);
  });

  it('admits only when every window admits, reporting the one with the longest wait', () => {
    const { consume, advance } = storeAt();
    const quota = [window(2, 1, '1s'), window(3, 60, '1m')];
    expect([consume('a', quota).allowed, consume('a', quota).allowed]).toStrictEqual([true, true]);
    expect(consume('a', quota)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect(consume('a', quota).window.label).toBe('1s');

    advance(500);
    expect(consume('a', quota)).toMatchObject({ allowed: true, remaining: 0 });
    advance(500);
    expect(consume('a', quota)).toMatchObject({
      allowed: false,
      retryAfterSeconds: 19,
      window: { label: '1m' },
    });
  });

  it('takes nothing from any window when one window refuses', () => {
    const { consume } = storeAt();
    const quota = [window(1, 1, '1s'), window(5, 3600, '1h')];
    expect(consume('a', quota).allowed).toBe(true);
    for (let i = 0; i < 20; i++) expect(consume('a', quota).allowed).toBe(false);
    expect(consume('a', [window(5, 3600, '1h')])).toMatchObject({ allowed: true, remaining: 3 });
  });

  it('reports the window with the fewest requests left when all admit', () => {
    const { consume } = storeAt();
    expect(consume('a', [perHour, perSecond])).toMatchObject({ remaining: 9, window: perSecond });
  });

  it('keeps separate buckets per key', () => {
    const { consume } = storeAt();
    const quota = [window(1, 60, '1m')];
    expect([consume('a', quota).allowed, consume('b', quota).allowed]).toStrictEqual([true, true]);
    expect(consume('a', quota).allowed).toBe(false);
  });

  it('holds at most maxKeys keys, dropping the least recently written', () => {
    const store = new MemoryQuotaStore({ maxKeys: 2, clock: () => 0 });
    for (const key of ['a', 'b', 'c']) store.consumeNow(key, [perHour]);
    expect(store.size).toBe(2);
    expect(store.consumeNow('a', [perHour]).remaining).toBe(999);
  });

  it('sweeps keys whose buckets are full again', () => {
    const { store, consume, advance } = storeAt();
    for (const key of ['a', 'b', 'c']) consume(key, [perSecond]);
    advance(61_000);
    consume('d', [perSecond]);
    expect(store.size).toBe(1);
  });

  it('answers consume with a promise of the same decision', async () => {
    const { store } = storeAt();
    await expect(store.consume('a', [perSecond])).resolves.toMatchObject({ remaining: 9 });
    store.close();
    expect(store.size).toBe(0);
  });
});
