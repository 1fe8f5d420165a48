import { describe, expect, it } from 'vitest';

import { ConfigError, checkHttpLimits, loadConfig } from './index.js';

describe('loadConfig: HTTP server limits', () => {
  it('defaults to limits that hold off slow clients and keep keep-alive below the headers timeout', () => {
    const config = loadConfig({});
    expect({
      headersTimeoutMs: config.headersTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      keepAliveTimeoutMs: config.keepAliveTimeoutMs,
      maxConnections: config.maxConnections,
      maxHeaderSize: config.maxHeaderSize,
      maxHeadersCount: config.maxHeadersCount,
    }).toStrictEqual({
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 10_000,
      maxHeaderSize: 16_384,
      maxHeadersCount: 100,
    });
  });

  it('reads every limit from the environment', () => {
    const config = loadConfig({
      JUNCTION_HEADERS_TIMEOUT_MS: '66000',
      JUNCTION_REQUEST_TIMEOUT_MS: '120000',
      JUNCTION_KEEP_ALIVE_TIMEOUT_MS: '65000',
      JUNCTION_MAX_CONNECTIONS: '500',
      JUNCTION_MAX_HEADER_SIZE: '8192',
      JUNCTION_MAX_HEADERS_COUNT: '50',
    });
    expect(config).toMatchObject({
      headersTimeoutMs: 66_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 65_000,
      maxConnections: 500,
      maxHeaderSize: 8_192,
      maxHeadersCount: 50,
    });
  });

  const refused = [
    {
      env: { JUNCTION_HEADERS_TIMEOUT_MS: 'soon' },
      message:
        "JUNCTION_HEADERS_TIMEOUT_MS='soon' is not valid: expected an integer from 1 to 600000",
    },
    {
      env: { JUNCTION_REQUEST_TIMEOUT_MS: '0' },
      message:
        "JUNCTION_REQUEST_TIMEOUT_MS='0' is not valid: expected an integer from 1 to 3600000",
    },
    {
      env: { JUNCTION_KEEP_ALIVE_TIMEOUT_MS: '1.5' },
      message:
        "JUNCTION_KEEP_ALIVE_TIMEOUT_MS='1.5' is not valid: expected an integer from 1 to 600000",
    },
    {
      env: { JUNCTION_MAX_CONNECTIONS: '-1' },
      message: "JUNCTION_MAX_CONNECTIONS='-1' is not valid: expected an integer from 1 to 1000000",
    },
    {
      env: { JUNCTION_MAX_HEADER_SIZE: '512' },
      message:
        "JUNCTION_MAX_HEADER_SIZE='512' is not valid: expected an integer from 1024 to 1048576",
    },
    {
      env: { JUNCTION_MAX_HEADERS_COUNT: 'many' },
      message:
        "JUNCTION_MAX_HEADERS_COUNT='many' is not valid: expected an integer from 1 to 10000",
    },
    {
      env: { JUNCTION_HEADERS_TIMEOUT_MS: '90000' },
      message:
        "JUNCTION_HEADERS_TIMEOUT_MS='90000' is not valid: expected at most JUNCTION_REQUEST_TIMEOUT_MS (60000)",
    },
    {
      env: { JUNCTION_KEEP_ALIVE_TIMEOUT_MS: '65000' },
      message:
        "JUNCTION_KEEP_ALIVE_TIMEOUT_MS='65000' is not valid: expected less than JUNCTION_HEADERS_TIMEOUT_MS (20000)",
    },
    {
      env: { JUNCTION_KEEP_ALIVE_TIMEOUT_MS: '20000' },
      message:
        "JUNCTION_KEEP_ALIVE_TIMEOUT_MS='20000' is not valid: expected less than JUNCTION_HEADERS_TIMEOUT_MS (20000)",
    },
  ];
  it.each(refused)(
    'refuses $env with one line naming key, value and expectation',
    ({ env, message }) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    },
  );

  it('checks limits assembled in code the same way', () => {
    const limits = { ...loadConfig({}), keepAliveTimeoutMs: 30_000 };
    expect(() => checkHttpLimits(limits)).toThrow(
      "JUNCTION_KEEP_ALIVE_TIMEOUT_MS='30000' is not valid: expected less than JUNCTION_HEADERS_TIMEOUT_MS (20000)",
    );
  });
});
