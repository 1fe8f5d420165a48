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
}

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
  };
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
