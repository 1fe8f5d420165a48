import type { Random } from './random.js';

/** How one string format is made, recognised and broken. */
export interface FormatRule {
  generate(random: Random): string;
  check: RegExp | ((value: string) => boolean);
  /** A string that breaks the format under any validator, strict or fast. */
  invalid: string;
}

const HEX = '0123456789abcdef';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** The formats the fuzzer makes and checks; others are left to the schema's other keywords. */
export const FORMATS: Readonly<Record<string, FormatRule>> = {
  uuid: {
    generate: (random) => uuid(random),
    check: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    invalid: 'not-a-uuid',
  },
  date: {
    generate: (random) => dateOf(random),
    check: (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && isRealDate(value),
    invalid: 'not-a-date',
  },
  'date-time': {
    generate: (random) => `${dateOf(random)}T${timeOf(random)}`,
    check: (value) => {
      const match = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.exec(
        value,
      );
      return match !== null && isRealDate(match[1]!) && !Number.isNaN(Date.parse(value));
    },
    invalid: 'not-a-date-time',
  },
  email: {
    generate: (random) => `${word(random, 3, 10)}.${word(random, 2, 8)}@example.com`,
    check:
      /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i,
    invalid: 'no-at-sign',
  },
  uri: {
    generate: (random) => `https://${word(random, 3, 10)}.example.com/${word(random, 1, 12)}`,
    check: (value) => /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(value) && URL.canParse(value),
    invalid: 'not a uri',
  },
  hostname: {
    generate: (random) => `${word(random, 3, 12)}.example`,
    check:
      /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i,
    invalid: 'not_a_host!',
  },
};

/** True when `value` satisfies the named format, or the format is not one the fuzzer knows. */
export function satisfiesFormat(format: string, value: string): boolean {
  const rule = FORMATS[format];
  if (!rule) return true;
  return typeof rule.check === 'function' ? rule.check(value) : rule.check.test(value);
}

function uuid(random: Random): string {
  const hex = (count: number) =>
    Array.from({ length: count }, () => random.pick([...HEX])).join('');
  const variant = random.pick(['8', '9', 'a', 'b']);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

function dateOf(random: Random): string {
  const year = random.int(2000, 2035);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  return `${year}-${pad(month)}-${pad(day)}`;
}

function timeOf(random: Random): string {
  const time = `${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}`;
  return random.chance(0.3) ? `${time}.${random.int(100, 999)}Z` : `${time}Z`;
}

function isRealDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function word(random: Random, min: number, max: number): string {
  return Array.from({ length: random.int(min, max) }, () => random.pick([...LETTERS])).join('');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
