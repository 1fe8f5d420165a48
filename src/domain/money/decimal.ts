/** How a decimal is rounded when digits are dropped. */
export type RoundingMode = 'half-even' | 'half-up';

/** A decimal as an integer count of `10^-scale` units: `-12.50` is `{ units: -1250n, scale: 2 }`. */
interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Thrown for a string that is not a plain decimal; the message quotes the value. */
export class DecimalError extends Error {
  override readonly name = 'DecimalError';
}

/** True when `value` is a plain decimal string: an optional minus, digits, optional fraction. */
export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** `a + b + ...` exactly; the result has as many fraction digits as the widest input. */
export function addDecimals(values: readonly string[]): string {
  const decimals = values.map(parseDecimal);
  const scale = Math.max(0, ...decimals.map((decimal) => decimal.scale));
  const units = decimals.reduce((sum, decimal) => sum + rescale(decimal, scale), 0n);
  return formatDecimal({ units, scale });
}

/** `a - b` exactly; the result has as many fraction digits as the wider input. */
export function subtractDecimals(a: string, b: string): string {
  const negated = parseDecimal(b);
  return addDecimals([a, formatDecimal({ ...negated, units: -negated.units })]);
}

/** `a × b` exactly; the result has the fraction digits of both inputs together. */
export function multiplyDecimals(a: string, b: string): string {
  const left = parseDecimal(a);
  const right = parseDecimal(b);
  return formatDecimal({ units: left.units * right.units, scale: left.scale + right.scale });
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`; `1.50` equals `1.5`. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const difference = parseDecimal(subtractDecimals(a, b)).units;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * `value ÷ divisor` exactly, with the fewest fraction digits from the input's up to
 * `maxDigits`, or undefined when the quotient needs more: `divideExactly('27500.00', 25, 4)` is
 * `1100.00`, `divideExactly('10', 4, 4)` is `2.5`, `divideExactly('10', 3, 4)` is undefined.
 */
export function divideExactly(
  value: string,
  divisor: number,
  maxDigits: number,
): string | undefined {
  if (!Number.isInteger(divisor) || divisor === 0) {
    throw new DecimalError(`expected a whole divisor other than 0, got ${divisor}`);
  }
  const decimal = parseDecimal(value);
  for (let scale = decimal.scale; scale <= Math.max(decimal.scale, maxDigits); scale++) {
    const units = rescale(decimal, scale);
    if (units % BigInt(divisor) === 0n)
      return formatDecimal({ units: units / BigInt(divisor), scale });
  }
  return undefined;
}

/**
 * `value ÷ divisor` rounded to exactly `digits` fraction digits:
 * `divideDecimal('100.00', 3, 2, 'half-even')` is `33.33`.
 */
export function divideDecimal(
  value: string,
  divisor: number,
  digits: number,
  mode: RoundingMode,
): string {
  if (!Number.isInteger(divisor) || divisor === 0) {
    throw new DecimalError(`expected a whole divisor other than 0, got ${divisor}`);
  }
  const decimal = parseDecimal(value);
  const numerator = decimal.units * 10n ** BigInt(digits);
  const denominator = 10n ** BigInt(decimal.scale) * BigInt(divisor);
  const negative = numerator < 0n !== denominator < 0n;
  const magnitude = roundMagnitude(abs(numerator), abs(denominator), mode);
  return formatDecimal({ units: negative ? -magnitude : magnitude, scale: digits });
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

/**
 * Rounds to exactly `digits` fraction digits (padding with zeros when there are fewer).
 * `half-up` rounds a tie away from zero (`-2.345` to `-2.35`); `half-even` rounds a tie to the
 * even neighbour (`2.345` to `2.34`, `2.355` to `2.36`).
 */
export function roundDecimal(value: string, digits: number, mode: RoundingMode): string {
  if (!Number.isInteger(digits) || digits < 0) {
    throw new DecimalError(`expected a whole number of digits of at least 0, got ${digits}`);
  }
  const decimal = parseDecimal(value);
  if (decimal.scale <= digits)
    return formatDecimal({ units: rescale(decimal, digits), scale: digits });

  const divisor = 10n ** BigInt(decimal.scale - digits);
  const negative = decimal.units < 0n;
  const magnitude = negative ? -decimal.units : decimal.units;
  const rounded = roundMagnitude(magnitude, divisor, mode);
  return formatDecimal({ units: negative ? -rounded : rounded, scale: digits });
}

function roundMagnitude(magnitude: bigint, divisor: bigint, mode: RoundingMode): bigint {
  const quotient = magnitude / divisor;
  const twiceRemainder = (magnitude % divisor) * 2n;
  if (twiceRemainder < divisor) return quotient;
  if (twiceRemainder > divisor) return quotient + 1n;
  if (mode === 'half-up') return quotient + 1n;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
}

function parseDecimal(value: string): Decimal {
  const match = typeof value === 'string' ? DECIMAL.exec(value) : null;
  if (!match) {
    throw new DecimalError(
      `expected a decimal string such as '-12.50', got ${JSON.stringify(value)}; ` +
        'send amounts as strings, never as numbers',
    );
  }
  const fraction = match[3] ?? '';
  const units = BigInt(match[2]! + fraction);
  return { units: match[1] ? -units : units, scale: fraction.length };
}

function rescale(decimal: Decimal, scale: number): bigint {
  return decimal.units * 10n ** BigInt(scale - decimal.scale);
}

function formatDecimal({ units, scale }: Decimal): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? '.' + digits.slice(digits.length - scale) : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
