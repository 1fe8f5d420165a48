/** The directives of one `Cache-Control` field: lower-case names, with their value when given. */
export type CacheDirectives = ReadonlyMap<string, string | true>;

/**
 * Parses a `Cache-Control` field value (RFC 9111 §5.2) into its directives. Names are
 * case-insensitive; quoted values are unquoted; an absent field has no directives.
 */
export function parseCacheControl(value: string | undefined): CacheDirectives {
  const directives = new Map<string, string | true>();
  if (value === undefined) return directives;
  for (const part of value.split(',')) {
    const [rawName = '', ...rest] = part.split('=');
    const name = rawName.trim().toLowerCase();
    if (name === '') continue;
    const raw = rest.join('=').trim();
    directives.set(name, rest.length === 0 ? true : raw.replace(/^"(.*)"$/, '$1'));
  }
  return directives;
}

/**
 * The freshness lifetime in seconds a response's own directives allow a cache to keep it:
 * `s-maxage` for a shared cache, then `max-age`; undefined when neither is a number.
 */
export function declaredMaxAge(directives: CacheDirectives, shared: boolean): number | undefined {
  const shares = shared ? directives.get('s-maxage') : undefined;
  const value = typeof shares === 'string' ? shares : directives.get('max-age');
  if (typeof value !== 'string' || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
