/** A date-time in one time zone, field by field, as a wall clock there shows it. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The instant as the wall clock of `zone` shows it, with its offset:
 * `formatInZone('2026-03-29T01:30:00Z', 'Europe/Berlin')` is `2026-03-29T03:30:00+02:00`.
 */
export function formatInZone(instant: string, zone: string): string {
  const time = parseInstant(instant);
  const clock = wallClock(time, zone);
  const offsetMinutes = Math.round((clockToUtc(clock) - time) / 60_000);
  return `${formatDate(clock)}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}${formatOffset(offsetMinutes)}`;
}

/** The calendar date of the instant in `zone`: `dateInZone('2026-11-30T23:30:00Z', 'Europe/Berlin')` is `2026-12-01`. */
export function dateInZone(instant: string, zone: string): string {
  return formatDate(wallClock(parseInstant(instant), zone));
}

/** The first instant of the instant's month in `zone`, in UTC (`2026-10-31T23:00:00.000Z`). */
export function startOfMonth(instant: string, zone: string): string {
  const clock = wallClock(parseInstant(instant), zone);
  return new Date(zonedToUtc({ ...midnight(clock), day: 1 }, zone)).toISOString();
}

/** The last millisecond of the instant's month in `zone`, in UTC (`2026-11-30T22:59:59.999Z`). */
export function endOfMonth(instant: string, zone: string): string {
  const clock = wallClock(parseInstant(instant), zone);
  const next =
    clock.month === 12
      ? { year: clock.year + 1, month: 1 }
      : { year: clock.year, month: clock.month + 1 };
  return new Date(zonedToUtc({ ...midnight(clock), ...next, day: 1 }, zone) - 1).toISOString();
}

/** The accounting period of the instant in `zone`, as the ERP names it: `Nov 2026`. */
export function postingPeriod(instant: string, zone: string): string {
  const clock = wallClock(parseInstant(instant), zone);
  return `${MONTH_NAMES[clock.month - 1]} ${clock.year}`;
}

/**
 * Adds whole months to a date (`YYYY-MM-DD`) or a UTC instant; a day past the end of the target
 * month becomes its last day: `addMonths('2026-01-31', 1)` is `2026-02-28`. `months` may be negative.
 */
export function addMonths(value: string, months: number): string {
  if (!Number.isInteger(months)) {
    throw new Error(`expected a whole number of months, got ${months}`);
  }
  const date = DATE.exec(value);
  if (date) {
    const moved = shiftMonths(
      { year: Number(date[1]), month: Number(date[2]), day: Number(date[3]) },
      months,
    );
    return formatDate(moved);
  }
  const time = parseInstant(value);
  const clock = wallClock(time, 'UTC');
  return new Date(clockToUtc({ ...clock, ...shiftMonths(clock, months) })).toISOString();
}

function shiftMonths(date: { year: number; month: number; day: number }, months: number) {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parseInstant(instant: string): number {
  const time =
    typeof instant === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(instant) ? Date.parse(instant) : NaN;
  if (Number.isNaN(time)) {
    throw new Error(
      `expected an RFC 3339 date-time such as '2026-11-15T10:00:00Z', got ${JSON.stringify(instant)}`,
    );
  }
  return time;
}

function wallClock(time: number, zone: string): WallClock {
  const parts = formatter(zone).formatToParts(new Date(time));
  const field = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  return {
    year: field('year'),
    month: field('month'),
    day: field('day'),
    // Some engines print midnight as hour 24 with hourCycle h23 unset; normalise it.
    hour: field('hour') % 24,
    minute: field('minute'),
    second: field('second'),
    millisecond: new Date(time).getUTCMilliseconds(),
  };
}

function formatter(zone: string): Intl.DateTimeFormat {
  const cached = formatters.get(zone);
  if (cached) return cached;
  let created: Intl.DateTimeFormat;
  try {
    created = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (err) {
    throw new Error(
      `expected an IANA time zone such as 'Europe/Berlin', got ${JSON.stringify(zone)}`,
      { cause: err },
    );
  }
  formatters.set(zone, created);
  return created;
}

/**
 * The UTC instant at which `zone`'s wall clock shows `clock`. A wall time skipped by a DST gap
 * maps to the instant the clock jumps to.
 */
function zonedToUtc(clock: WallClock, zone: string): number {
  const wanted = clockToUtc(clock);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const shown = clockToUtc(wallClock(guess, zone));
    if (shown === wanted) return guess;
    guess += wanted - shown;
  }
  return gapEnd(wanted, zone);
}

/** The first instant after a DST gap that swallowed the wall time `wanted`. */
function gapEnd(wanted: number, zone: string): number {
  const before = wanted - offsetAt(wanted - 86_400_000, zone);
  const after = wanted - offsetAt(wanted + 86_400_000, zone);
  const low = Math.min(before, after);
  const high = Math.max(before, after);
  const changes = (time: number) => offsetAt(time, zone) !== offsetAt(low, zone);
  let [from, to] = [low, high];
  while (to - from > 1000) {
    const middle = Math.floor((from + to) / 2);
    if (changes(middle)) to = middle;
    else from = middle;
  }
  return to;
}

function offsetAt(time: number, zone: string): number {
  return clockToUtc(wallClock(time, zone)) - time;
}

function clockToUtc(clock: WallClock): number {
  return Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
    clock.millisecond,
  );
}

function midnight(clock: WallClock): WallClock {
  return { ...clock, hour: 0, minute: 0, second: 0, millisecond: 0 };
}

function formatDate(date: { year: number; month: number; day: number }): string {
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
