/** A configured origin the policy cannot use: which entry, and what was expected. */
export interface OriginProblem {
  key: string;
  value: string;
  expected: string;
}

/** Decides whether a request's `Origin` is allowed; `null` and malformed origins never are. */
export interface OriginList {
  /** True when `*` is configured: the answer is `Access-Control-Allow-Origin: *`. */
  readonly any: boolean;
  allows(origin: string): boolean;
}

const EXACT_EXPECTED =
  'an origin such as https://app.example.com (scheme, host and optional port, no path)';
const WILDCARD_EXPECTED =
  'a pattern such as https://*.example.com, where * is one DNS label left of at least two more';

// One DNS label (RFC 1035 section 2.3.1 as browsers serialize it: lower case, punycode).
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

// What a browser sends: lower-case scheme and host (or bracketed IPv6), optional port, nothing
// else. Anything else (a comma-joined pair, a path, spaces) is refused before any pattern runs.
const SERIALIZED_ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/;

/**
 * Compiles the `origins` entries: exact origins (`https://app.example.com`), one-label wildcards
 * (`https://*.example.com`, never matching `example.com` itself or two labels), `regex:<source>`
 * (anchored at both ends by the policy) and `*` (any origin). The first unusable entry is reported.
 */
export function compileOrigins(
  entries: readonly string[],
): { ok: true; list: OriginList } | { ok: false; problem: OriginProblem } {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  let any = false;
  for (const [index, entry] of entries.entries()) {
    const key = `origins[${index}]`;
    const compiled = compileEntry(entry);
    if (typeof compiled === 'object' && 'expected' in compiled) {
      return { ok: false, problem: { key, value: entry, expected: compiled.expected } };
    }
    if (compiled === '*') any = true;
    else if (typeof compiled === 'string') exact.add(compiled);
    else patterns.push(compiled);
  }
  return {
    ok: true,
    list: {
      any,
      allows: (origin) =>
        SERIALIZED_ORIGIN.test(origin) &&
        (any || exact.has(origin) || patterns.some((pattern) => pattern.test(origin))),
    },
  };
}

function compileEntry(entry: string): string | RegExp | { expected: string } {
  if (entry === '*') return '*';
  if (entry === 'null') {
    return {
      expected: 'a real origin; "null" is sent by sandboxed and file pages anyone can make',
    };
  }
  if (entry.startsWith('regex:')) return compileRegex(entry.slice('regex:'.length));
  if (entry.includes('*')) return compileWildcard(entry);
  return normalizeOrigin(entry) ?? { expected: EXACT_EXPECTED };
}

function normalizeOrigin(entry: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+$/i.test(entry) || !URL.canParse(entry)) return undefined;
  const origin = new URL(entry).origin;
  return origin === 'null' ? undefined : origin;
}

function compileWildcard(entry: string): RegExp | { expected: string } {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)\*\.([^*/?#@\s]+)$/i.exec(entry);
  if (match === null) return { expected: WILDCARD_EXPECTED };
  const scheme = (match[1] ?? '').toLowerCase();
  const prefix = `${scheme}wildcard.`;
  const origin = normalizeOrigin(`${prefix}${match[2] ?? ''}`);
  if (origin === undefined || !origin.startsWith(prefix)) return { expected: WILDCARD_EXPECTED };
  const rest = origin.slice(prefix.length);
  // At least two labels after the wildcard, so `https://*.com` cannot open a whole TLD.
  if (!(rest.split(':', 1)[0] ?? '').includes('.')) return { expected: WILDCARD_EXPECTED };
  return new RegExp(`^${escapeRegex(scheme)}${LABEL}\\.${escapeRegex(rest)}$`);
}

function compileRegex(source: string): RegExp | { expected: string } {
  try {
    // Anchored here so `example.com` can never match `example.com.evil.test`.
    return new RegExp(`^(?:${source})$`);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { expected: `a valid regular expression after "regex:" (${reason})` };
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
