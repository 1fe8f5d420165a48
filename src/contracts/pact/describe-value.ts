/** A short, quoted rendering of any value for messages: strings quoted, long values cut. */
export function describeValue(value: unknown, limit = 60): string {
  if (value === undefined) return 'nothing';
  // JSON.stringify answers undefined only for functions and symbols, which JSON never holds.
  const text = (JSON.stringify(value) as string | undefined) ?? typeof value;
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
