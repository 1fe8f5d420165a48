import { describe, expect, it } from 'vitest';

import { DEFAULT_RETRY_SCHEDULE_MS, parseRetrySchedule, retryDelay } from './retry-schedule.js';

describe('parseRetrySchedule', () => {
  it.each([
    ['5s,5m,30m,2h,5h,10h,10h', DEFAULT_RETRY_SCHEDULE_MS],
    ['20ms, 40ms,80', [20, 40, 80]],
    ['0', [0]],
  ])('reads %j as delays in milliseconds', (text, want) => {
    expect(parseRetrySchedule(text)).toStrictEqual(want);
  });

  it.each([
    ['', "expected delays such as '5s,5m,2h', got '' in ''"],
    ['5s,,2h', "expected delays such as '5s,5m,2h', got '' in '5s,,2h'"],
    ['5 minutes', "expected delays such as '5s,5m,2h', got '5 minutes' in '5 minutes'"],
    ['-5s', "expected delays such as '5s,5m,2h', got '-5s' in '-5s'"],
  ])('refuses %j with the reason', (text, want) => {
    expect(parseRetrySchedule(text)).toBe(want);
  });
});

describe('retryDelay', () => {
  it.each([
    { retry: 1, random: 0, want: 2_500 },
    { retry: 1, random: 0.5, want: 3_750 },
    { retry: 1, random: 0.999_999_9, want: 5_000 },
    { retry: 4, random: 0.5, want: 5_400_000 },
    { retry: 7, random: 0.25, want: 22_500_000 },
    { schedule: [3], retry: 1, random: 0, want: 1 },
    { schedule: [3], retry: 1, random: 0.999_999_9, want: 3 },
  ])('draws retry $retry between half its cap and the cap (random $random -> $want ms)', (row) => {
    const schedule = row.schedule ?? DEFAULT_RETRY_SCHEDULE_MS;
    expect(retryDelay(schedule, row.retry, () => row.random)).toBe(row.want);
  });

  it('waits at least half the schedule in all before the delivery is given up', () => {
    const least = DEFAULT_RETRY_SCHEDULE_MS.reduce(
      (sum, _cap, i) => sum + (retryDelay(DEFAULT_RETRY_SCHEDULE_MS, i + 1, () => 0) ?? 0),
      0,
    );
    expect(least).toBe(49_652_500);
  });

  it('has no delay once the schedule is used up, so the delivery is dead-lettered', () => {
    expect(retryDelay(DEFAULT_RETRY_SCHEDULE_MS, 8)).toBeUndefined();
    expect(retryDelay([], 1)).toBeUndefined();
  });

  it('spans about a day when every retry waits its whole cap', () => {
    const total = DEFAULT_RETRY_SCHEDULE_MS.reduce((sum, cap) => sum + cap, 0);
    expect(total).toBe(99_305_000);
  });
});
