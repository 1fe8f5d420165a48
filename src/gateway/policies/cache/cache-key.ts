import { createHash } from 'node:crypto';

import type { Request } from 'express';

import type { Exchange } from '../../policy.js';

/** What besides the operation and the URL a request key is made of. */
export interface KeyOptions {
  /** Lower-case request header names. */
  varyHeaders: readonly string[];
  shareAcrossClients: boolean;
}

/**
 * The key of a request before its response's own `Vary` is known: API, operation, path, the
 * query with its names sorted, the caller unless responses are shared, and the configured
 * headers. GET and HEAD of one URL share a key. Readable up to the operation, hashed after it.
 */
export function requestKey(exchange: Exchange, options: KeyOptions): string {
  const { req, scope } = exchange;
  const client = options.shareAcrossClients ? null : (exchange.caller?.clientId ?? null);
  const parts = [
    req.baseUrl + req.path,
    sortKeys(req.query),
    client,
    headerValues(req, options.varyHeaders),
  ];
  return `${scope.apiId}:${scope.operationId}:${digest(parts)}`;
}

/** The key of one variant of a request key: the values of the headers the response varies by. */
export function variantKey(baseKey: string, req: Request, varyHeaders: readonly string[]): string {
  return `${baseKey}:${digest(headerValues(req, varyHeaders))}`;
}

/**
 * The lower-case, sorted, distinct header names of a `Vary` field value (RFC 9110 §12.5.5), or
 * `*` when the response varies by something no request header expresses.
 */
export function parseVary(value: string | undefined): string[] | '*' {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.includes('*')) return '*';
  return [...new Set(names)].sort();
}

/** A request header's value with list members joined and blanks trimmed; null when absent. */
function headerValue(req: Request, name: string): string | null {
  const value = req.headers[name];
  if (value === undefined) return null;
  return (Array.isArray(value) ? value.join(', ') : value).trim();
}

function headerValues(req: Request, names: readonly string[]): (string | null)[] {
  return names.map((name) => headerValue(req, name));
}

/** A copy with every object's keys sorted, so `?b=1&a=2` and `?a=2&b=1` key alike. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
}

function digest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
