const SCALE = 4;
const FACTOR = 10n ** BigInt(SCALE);

/** Adds decimal strings exactly; the result has as many fraction digits as the widest input. */
export function addDecimals(values: readonly string[]): string {
  const digits = Math.max(2, ...values.map(fractionDigits));
  return formatDecimal(
    values.reduce((sum, value) => sum + toUnits(value), 0n),
    digits,
  );
}

/** `a - b` of two decimal strings, exactly. */
export function subtractDecimals(a: string, b: string): string {
  return formatDecimal(toUnits(a) - toUnits(b), Math.max(2, fractionDigits(a), fractionDigits(b)));
}

function toUnits(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(value);
  if (!match)
    throw new Error(
      `expected a decimal string with at most ${SCALE} fraction digits, got '${value}'`,
    );
  const units = BigInt(match[2]!) * FACTOR + BigInt((match[3] ?? '').padEnd(SCALE, '0'));
  return match[1] ? -units : units;
}

function formatDecimal(units: bigint, digits: number): string {
  const sign = units < 0n ? '-' : '';
  const absolute = units < 0n ? -units : units;
  const whole = absolute / FACTOR;
  const fraction = (absolute % FACTOR).toString().padStart(SCALE, '0').slice(0, digits);
  return `${sign}${whole}${digits > 0 ? '.' + fraction : ''}`;
}

function fractionDigits(value: string): number {
  return value.split('.')[1]?.length ?? 0;
}
