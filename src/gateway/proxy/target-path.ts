/** The upstream request target, or why the request cannot be forwarded. */
export type TargetPath =
  { ok: true; path: string } | { ok: false; reason: 'outside-base-path' | 'dot-segment' };

/**
 * Maps a request target to the upstream: the gateway's `basePath` is stripped from the path
 * (case-insensitively, as Express matches it), the rest is appended to the upstream's own path
 * and the query string is kept byte for byte. A path with a `.` or `..` segment, plain or
 * percent-encoded, is refused: the upstream could resolve it outside the mapped prefix.
 *
 * @example
 * targetPath('/systems/billing/v1/v1/accounts?page=2', '/systems/billing/v1', '/api');
 * // { ok: true, path: '/api/v1/accounts?page=2' }
 */
export function targetPath(
  originalUrl: string,
  basePath: string,
  upstreamPath: string,
): TargetPath {
  const queryAt = originalUrl.indexOf('?');
  const path = queryAt === -1 ? originalUrl : originalUrl.slice(0, queryAt);
  const query = queryAt === -1 ? '' : originalUrl.slice(queryAt);
  const base = basePath.replace(/\/+$/, '');
  const prefix = path.slice(0, base.length).toLowerCase();
  const boundary = path.charAt(base.length);
  if (prefix !== base.toLowerCase() || (boundary !== '' && boundary !== '/')) {
    return { ok: false, reason: 'outside-base-path' };
  }
  const rest = path.slice(base.length);
  if (hasDotSegment(rest)) return { ok: false, reason: 'dot-segment' };
  const joined = upstreamPath.replace(/\/+$/, '') + rest;
  return { ok: true, path: (joined === '' ? '/' : joined) + query };
}

function hasDotSegment(path: string): boolean {
  return path
    .replace(/%2e/gi, '.')
    .split(/\/|\\|%2f|%5c/i)
    .some((segment) => segment === '.' || segment === '..');
}
