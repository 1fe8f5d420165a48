import type { PactBody } from '../pact/index.js';
import { isJsonMediaType } from '../pact/index.js';

/**
 * Picks the entry of a `content` map that serves a body: its exact media type (parameters
 * ignored), then `type/*`, then `*\/*`. A body without a content type takes the only entry, or a
 * JSON one for a JSON value.
 */
export function pickMediaType(
  content: Record<string, unknown>,
  body: PactBody,
): [string, unknown] | undefined {
  const entries = Object.entries(content);
  const wanted = essence(body.contentType);
  if (wanted === undefined) return pickUntyped(entries, body);
  const [type] = wanted.split('/');
  return (
    entries.find(([key]) => essence(key) === wanted) ??
    entries.find(([key]) => essence(key) === `${type}/*`) ??
    entries.find(([key]) => essence(key) === '*/*')
  );
}

function pickUntyped(entries: [string, unknown][], body: PactBody): [string, unknown] | undefined {
  if (entries.length === 1) return entries[0];
  if (body.form === 'json') return entries.find(([key]) => isJsonMediaType(key));
  return entries.find(([key]) => key.startsWith('text/')) ?? entries[0];
}

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export function essence(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}
