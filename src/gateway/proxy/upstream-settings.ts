import { maskPassword } from '../../config/index.js';
import { PolicyConfigError } from '../policy.js';
import type { OperationScope } from '../policy.js';
import { resolvePlaceholders } from './env-placeholders.js';

/** The spec extension that routes an API or one operation to an upstream service. */
export const UPSTREAM_EXTENSION = 'x-junction-upstream';

/** Where and how patiently the gateway forwards requests, with placeholders resolved. */
export interface UpstreamSettings {
  /** `http:` or `https:` origin with an optional path prefix; no query, fragment or user info. */
  url: string;
  /** Longest silence on the upstream connection, in ms, before the request fails with 504. */
  timeoutMs: number;
  /** Longest wait for a new upstream connection, in ms; defaults to `timeoutMs`. */
  connectTimeoutMs: number;
}

/** The operation fields `findUpstream` reads. */
export type UpstreamScope = Pick<
  OperationScope,
  'apiId' | 'document' | 'operation' | 'method' | 'path'
>;

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 3_600_000;
const KEYS = new Set(['url', 'timeoutMs', 'connectTimeoutMs']);

/**
 * The upstream of one operation: its own `x-junction-upstream`, else the document's, else
 * undefined (the operation is served by a handler). Throws `PolicyConfigError` naming the
 * extension's location for a value that cannot be used, so start-up stops on it.
 *
 * @example
 * // document: { 'x-junction-upstream': { url: '${BILLING_SYSTEM_URL:-http://127.0.0.1:4010}' } }
 * findUpstream(scope, process.env); // { url: 'http://127.0.0.1:4010', timeoutMs: 10000, ... }
 */
export function findUpstream(
  scope: UpstreamScope,
  env: NodeJS.ProcessEnv = process.env,
): UpstreamSettings | undefined {
  const own = scope.operation[UPSTREAM_EXTENSION];
  if (own !== undefined) {
    const pointer = `#/paths/${escapePointer(scope.path)}/${scope.method}/${UPSTREAM_EXTENSION}`;
    return readUpstream(own, `${scope.apiId}${pointer}`, env);
  }
  const shared = scope.document[UPSTREAM_EXTENSION];
  if (shared === undefined) return undefined;
  return readUpstream(shared, `${scope.apiId}#/${UPSTREAM_EXTENSION}`, env);
}

/** Validates one `x-junction-upstream` value found at `where` and resolves its placeholders. */
export function readUpstream(
  value: unknown,
  where: string,
  env: NodeJS.ProcessEnv = process.env,
): UpstreamSettings {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyConfigError(where, value, 'an object with url, timeoutMs, connectTimeoutMs');
  }
  const fields = value as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !KEYS.has(key));
  if (unknown !== undefined) {
    throw new PolicyConfigError(
      `${where}/${unknown}`,
      fields[unknown],
      'no such key: only url, timeoutMs and connectTimeoutMs',
    );
  }
  const url = readUrl(fields.url, `${where}/url`, env);
  const timeoutMs = readTimeout(fields.timeoutMs, `${where}/timeoutMs`, DEFAULT_TIMEOUT_MS);
  const connectTimeoutMs = readTimeout(
    fields.connectTimeoutMs,
    `${where}/connectTimeoutMs`,
    timeoutMs,
  );
  return { url, timeoutMs, connectTimeoutMs };
}

function readUrl(value: unknown, key: string, env: NodeJS.ProcessEnv): string {
  if (typeof value !== 'string' || value === '') {
    throw new PolicyConfigError(
      key,
      value,
      'an http:// or https:// URL, which may use ${NAME:-default}',
    );
  }
  const resolved = resolvePlaceholders(value, env);
  if (!resolved.ok) throw new PolicyConfigError(key, value, resolved.expected);
  const url = URL.canParse(resolved.value) ? new URL(resolved.value) : undefined;
  const usable =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    !resolved.value.includes('?') &&
    !resolved.value.includes('#');
  if (!usable) {
    throw new PolicyConfigError(
      key,
      maskPassword(resolved.value),
      'an http:// or https:// URL without user info, query or fragment',
    );
  }
  return resolved.value.replace(/\/+$/, '');
}

function readTimeout(value: unknown, key: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_TIMEOUT_MS
  ) {
    throw new PolicyConfigError(
      key,
      value,
      `an integer number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`,
    );
  }
  return value;
}

/** RFC 6901: `~` becomes `~0` and `/` becomes `~1`. */
function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
