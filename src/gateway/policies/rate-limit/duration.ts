const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

type Unit = keyof typeof UNIT_MS;

/** The longest duration a window may span; keeps microsecond arithmetic exact in a double. */
export const MAX_DURATION_MS = 366 * UNIT_MS.d;

/** What a duration setting must look like, for error messages. */
export const DURATION_EXPECTED =
  "a duration such as '500ms', '1s', '10s', '1m', '1h' or '1d', or a whole number of seconds, " +
  'between 1ms and 366d';

/**
 * Reads a duration setting into milliseconds: a string of digits and a unit (`ms`, `s`, `m`, `h`,
 * `d`) or a positive integer of seconds. Anything else, zero, or more than 366 days is `undefined`.
 */
export function parseDuration(value: unknown): number | undefined {
  const ms = toMilliseconds(value);
  if (ms === undefined || ms <= 0 || ms > MAX_DURATION_MS) return undefined;
  return ms;
}

function toMilliseconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value * 1_000 : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{1,12})(ms|s|m|h|d)$/.exec(value.trim());
  if (!match) return undefined;
  // The pattern admits only the units of UNIT_MS.
  return Number(match[1]) * UNIT_MS[match[2] as Unit];
}

/** The shortest exact spelling of a duration: 3_600_000 → `1h`, 90_000 → `90s`, 250 → `250ms`. */
export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
