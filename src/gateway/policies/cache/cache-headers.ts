import type { Response } from 'express';

import type { GatewayResult } from '../../policy.js';
import { declaredMaxAge, parseCacheControl } from './cache-control.js';
import { parseVary } from './cache-key.js';

/** The headers a 304 carries over from the 200 it stands for (RFC 9110 §15.4.5). */
const NOT_MODIFIED_HEADERS = [
  'cache-control',
  'content-location',
  'date',
  'etag',
  'expires',
  'vary',
];

/** A header of a result, found whatever its case. */
export function resultHeader(
  headers: Readonly<Record<string, string>> | undefined,
  name: string,
): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** A header as the response will carry it: the result's value, else one set on `res`. */
export function responseHeader(
  result: GatewayResult,
  res: Response,
  name: string,
): string | undefined {
  const own = resultHeader(result.headers, name);
  if (own !== undefined) return own;
  const set = res.getHeader(name);
  if (set === undefined) return undefined;
  return Array.isArray(set) ? set.join(', ') : String(set);
}

/** What a cache may do with a 200 response, given its headers and size. */
export type Storability = { store: false } | { store: true; ttlSeconds: number; vary: string[] };

/** The limits a response is stored within. */
export interface StorageLimits {
  ttlSeconds: number;
  maxBodyBytes: number;
  shareAcrossClients: boolean;
}

/**
 * Decides whether a 200 may be stored and for how long (RFC 9111 §3): not when it says
 * `no-store` or `no-cache`, nor `private` in a cache shared across clients, nor when it sets a
 * cookie, varies by `*` or is larger than the limit. Its own `s-maxage`/`max-age` can shorten
 * the configured TTL, never lengthen it.
 */
export function decideStorage(
  result: GatewayResult,
  res: Response,
  bodyBytes: number,
  limits: StorageLimits,
): Storability {
  const directives = parseCacheControl(responseHeader(result, res, 'cache-control'));
  const refused =
    directives.has('no-store') ||
    directives.has('no-cache') ||
    (limits.shareAcrossClients && directives.has('private')) ||
    responseHeader(result, res, 'set-cookie') !== undefined ||
    bodyBytes > limits.maxBodyBytes;
  const vary = parseVary(responseHeader(result, res, 'vary'));
  if (refused || vary === '*') return { store: false };
  const declared = declaredMaxAge(directives, limits.shareAcrossClients);
  const ttlSeconds = Math.min(limits.ttlSeconds, declared ?? limits.ttlSeconds);
  return ttlSeconds > 0 ? { store: true, ttlSeconds, vary } : { store: false };
}

/** The bodiless 304 that stands for a 200 with these headers, plus `extra`. */
export function notModified(
  headers: Readonly<Record<string, string>>,
  extra: Record<string, string>,
): GatewayResult {
  const kept = Object.entries(headers).filter(([name]) =>
    NOT_MODIFIED_HEADERS.includes(name.toLowerCase()),
  );
  return { status: 304, headers: { ...Object.fromEntries(kept), ...extra } };
}
