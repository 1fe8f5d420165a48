import { describe, expect, it } from 'vitest';

import { backoffDelay, isAfter } from './poll-once.js';

describe('backoffDelay', () => {
  it.each([
    { failures: 1, want: 1_000 },
    { failures: 2, want: 2_000 },
    { failures: 3, want: 4_000 },
    { failures: 5, want: 16_000 },
    { failures: 6, want: 20_000 },
    { failures: 500, want: 20_000 },
  ])('waits $want ms after $failures failures in a row', ({ failures, want }) => {
    expect(backoffDelay(failures, { initialMs: 1_000, maxMs: 20_000 })).toBe(want);
  });
});

describe('isAfter', () => {
  const config = { watermark: 'lastModifiedDate', idField: 'id' };
  const checkpoint = { watermark: '2026-11-20T14:03:00Z', lastId: '1004' };

  it.each([
    {
      title: 'a later change',
      item: { lastModifiedDate: '2026-11-20T14:04:00Z', id: '1' },
      want: true,
    },
    {
      title: 'an earlier change',
      item: { lastModifiedDate: '2026-11-20T14:02:59Z', id: '9999' },
      want: false,
    },
    {
      title: 'the checkpoint item itself',
      item: { lastModifiedDate: '2026-11-20T14:03:00Z', id: '1004' },
      want: false,
    },
    {
      title: 'a higher id at the same time',
      item: { lastModifiedDate: '2026-11-20T14:03:00Z', id: '1005' },
      want: true,
    },
    {
      title: 'id 999 after 1004 as numbers, not text',
      item: { lastModifiedDate: '2026-11-20T14:03:00Z', id: '999' },
      want: false,
    },
    {
      title: 'the same time in another offset',
      item: { lastModifiedDate: '2026-11-20T15:03:00+01:00', id: '1004' },
      want: false,
    },
  ])('orders $title: $want', ({ item, want }) => {
    expect(isAfter(item, checkpoint, config)).toBe(want);
  });

  it('takes every item when nothing was polled yet', () => {
    expect(
      isAfter(
        { lastModifiedDate: '2000-01-01T00:00:00Z', id: '1' },
        { watermark: null, lastId: null },
        config,
      ),
    ).toBe(true);
  });
});
