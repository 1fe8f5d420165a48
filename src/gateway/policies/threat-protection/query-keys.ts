import { ProblemError } from '../../../runtime/errors.js';
import type { FieldError } from '../../../runtime/errors.js';
import { jsonPointer, quotedNames, RESERVED_NAMES } from './scan-messages.js';

// Query parsers (qs and its kin) read `a[b][c]` and `a.b` as nested names.
const NAME_SEGMENTS = /[[\].]/;
const MAX_DECODE_ROUNDS = 3;

/**
 * Refuses a request URL whose query string uses `__proto__`, `constructor` or `prototype` as a
 * parameter name or as any segment of one (`?__proto__[x]=1`, `?a[constructor][prototype]=1`,
 * `?a.__proto__=1`), however it is percent-encoded, even twice: throws `ProblemError`
 * `forbidden-key` with one field error per offending parameter. Values are not checked.
 */
export function checkQueryKeys(url: string): void {
  const query = queryOf(url);
  if (query === '' || !mayHideReservedName(query)) return;
  const refused: { name: string; reserved: string }[] = [];
  for (const pair of query.split(/[&;]/)) {
    const name = decodeName(pair.split('=', 1)[0] ?? '');
    const reserved = name.split(NAME_SEGMENTS).find((segment) => RESERVED_NAMES.includes(segment));
    if (reserved !== undefined) refused.push({ name, reserved });
  }
  const [first] = refused;
  if (!first) return;
  const errors: FieldError[] = refused.map(({ name, reserved }) => ({
    in: 'query',
    pointer: jsonPointer([name]),
    message: `uses the reserved name "${reserved}"`,
  }));
  throw new ProblemError(
    'forbidden-key',
    `The query parameter "${first.name}" uses the reserved name "${first.reserved}": the names ` +
      `${quotedNames()} can alter object prototypes; rename the parameter.`,
    errors,
  );
}

function queryOf(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return '';
  const end = url.indexOf('#', start);
  return url.slice(start + 1, end < 0 ? undefined : end);
}

/** A cheap pre-check: without these a query cannot spell a reserved name. */
function mayHideReservedName(query: string): boolean {
  return query.includes('%') || query.includes('proto') || query.includes('constructor');
}

/** Decodes a parameter name as a form decoder would, repeatedly, so double encoding is seen. */
function decodeName(raw: string): string {
  let name = raw.replaceAll('+', ' ');
  for (let round = 0; round < MAX_DECODE_ROUNDS && name.includes('%'); round++) {
    const decoded = decodeLeniently(name);
    if (decoded === name) break;
    name = decoded;
  }
  return name;
}

/** Decodes every valid percent-escape and keeps the invalid ones as they are. */
function decodeLeniently(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}
