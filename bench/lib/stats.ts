/** Median, minimum and maximum of a series of measurements. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The median of the values (the mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value);
}

/** Median, min and max of the values; null when there are none. */
export function spread(values: readonly number[]): Spread | null {
  const middle = median(values);
  if (middle === null) return null;
  return { median: middle, min: Math.min(...values), max: Math.max(...values) };
}
