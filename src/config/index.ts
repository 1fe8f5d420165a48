import { resolve } from 'node:path';

import { isLogLevel } from '../observability/logger.js';
import type { LogLevel } from '../observability/logger.js';

/** The settings a Junction process runs with. */
export interface RuntimeConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  /** Longest wait for a request's headers, counted from its first byte. */
  headersTimeoutMs: number;
  /** Longest wait for a whole request, headers and body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open; shorter than `headersTimeoutMs`. */
  keepAliveTimeoutMs: number;
  /** Open connections at most; the server closes any connection beyond. */
  maxConnections: number;
  /** Largest size of a request's headers in bytes; larger ones are refused with 400. */
  maxHeaderSize: number;
  /** Headers per request at most; those beyond are not read. */
  maxHeadersCount: number;
}

/** The settings that keep slow or greedy clients from holding the HTTP server. */
export type HttpLimits = Pick<
  RuntimeConfig,
  | 'headersTimeoutMs'
  | 'requestTimeoutMs'
  | 'keepAliveTimeoutMs'
  | 'maxConnections'
  | 'maxHeaderSize'
  | 'maxHeadersCount'
>;

/** A configuration value that cannot be used; its message names the key, value and expectation. */
export class ConfigError extends Error {
  constructor(key: string, value: string, expected: string) {
    super(`${key}='${value}' is not valid: expected ${expected}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from the environment, with defaults for a laptop. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return {
    port: integer(env, 'PORT', 8080, 0, 65_535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.JUNCTION_DATA_DIR ?? './data'),
    databaseUrl: databaseUrl(env),
    logLevel: logLevel(env),
    bodyLimitBytes: integer(env, 'JUNCTION_BODY_LIMIT', 1_048_576, 1, 1_073_741_824),
    ...httpLimits(env),
  };
}

function httpLimits(env: NodeJS.ProcessEnv): HttpLimits {
  const limits: HttpLimits = {
    headersTimeoutMs: integer(env, 'JUNCTION_HEADERS_TIMEOUT_MS', 20_000, 1, 600_000),
    requestTimeoutMs: integer(env, 'JUNCTION_REQUEST_TIMEOUT_MS', 60_000, 1, 3_600_000),
    keepAliveTimeoutMs: integer(env, 'JUNCTION_KEEP_ALIVE_TIMEOUT_MS', 5_000, 1, 600_000),
    maxConnections: integer(env, 'JUNCTION_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
    maxHeaderSize: integer(env, 'JUNCTION_MAX_HEADER_SIZE', 16_384, 1_024, 1_048_576),
    maxHeadersCount: integer(env, 'JUNCTION_MAX_HEADERS_COUNT', 100, 1, 10_000),
  };
  checkHttpLimits(limits);
  return limits;
}

/**
 * Throws `ConfigError` when the timeouts contradict each other: Node needs the headers timeout
 * within the request timeout, and an idle keep-alive connection must close before a request on
 * it could time out waiting for headers.
 */
export function checkHttpLimits(limits: HttpLimits): void {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = limits;
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'JUNCTION_HEADERS_TIMEOUT_MS',
      String(headersTimeoutMs),
      `at most JUNCTION_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  }
  if (keepAliveTimeoutMs >= headersTimeoutMs) {
    throw new ConfigError(
      'JUNCTION_KEEP_ALIVE_TIMEOUT_MS',
      String(keepAliveTimeoutMs),
      `less than JUNCTION_HEADERS_TIMEOUT_MS (${headersTimeoutMs})`,
    );
  }
}

function integer(
  env: NodeJS.ProcessEnv,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(key, raw, `an integer from ${min} to ${max}`);
  }
  return value;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('DATABASE_URL', maskPassword(raw), 'a postgres:// or postgresql:// URL');
  }
  return raw;
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const raw = env.LOG_LEVEL ?? 'info';
  if (!isLogLevel(raw))
    throw new ConfigError(
      'LOG_LEVEL',
      raw,
      'one of fatal, error, warn, info, debug, trace, silent',
    );
  return raw;
}

/** Hides the password of a URL so it can be printed. */
export function maskPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
