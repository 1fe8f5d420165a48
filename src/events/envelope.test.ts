import { describe, expect, it } from 'vitest';

import { newEventId } from './envelope.js';

describe('newEventId', () => {
  it('makes version 7 UUIDs that sort by the time they were made', async () => {
    const first = newEventId();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = newEventId();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first < second).toBe(true);
  });

  it('never repeats within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts ids made in the same millisecond in the order they were made', () => {
    const ids = Array.from({ length: 10_000 }, () => newEventId());
    expect(ids.toSorted()).toStrictEqual(ids);
  });
});
