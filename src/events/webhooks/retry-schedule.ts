/**
 * The default caps of the retries after a first failed attempt, about a day in all: 5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 10 h. Eight attempts, then the delivery is dead-lettered.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Reads a retry schedule such as `5s,5m,30m,2h` or `20ms,40ms` (a bare number is milliseconds).
 * Returns the delays in milliseconds, or the reason the text is not a schedule.
 */
export function parseRetrySchedule(text: string): number[] | string {
  const steps = text.split(',').map((step) => step.trim());
  const delays: number[] = [];
  for (const step of steps) {
    const match = /^([0-9]{1,9})(ms|s|m|h)?$/.exec(step);
    if (!match) return `expected delays such as '5s,5m,2h', got '${step}' in '${text}'`;
    delays.push(Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1));
  }
  return delays;
}

/**
 * The wait before retry `retry` (1 for the first retry), or undefined when the schedule is used
 * up. Equal jitter: uniform between half the schedule's cap for that retry and the whole cap, so
 * receivers that failed together are not all retried at the same moment, and the retries still
 * span at least half the schedule (about 14 hours by default) before a delivery is given up.
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */
export function retryDelay(
  schedule: readonly number[],
  retry: number,
  random: () => number = Math.random,
): number | undefined {
  const cap = schedule[retry - 1];
  if (cap === undefined) return undefined;
  const half = Math.floor(cap / 2);
  return half + Math.floor(random() * (cap - half + 1));
}
