import type { Store } from '../store/index.js';

/**
 * Issues the next business number of a series, zero-padded: `A00000001`, `S-00000001`. Numbers
 * come from a database sequence, so concurrent processes never issue the same one.
 */
export async function nextNumber(
  store: Store,
  series: string,
  prefix: string,
  digits = 8,
): Promise<string> {
  const value = await store.nextSequence(series);
  return prefix + String(value).padStart(digits, '0');
}
