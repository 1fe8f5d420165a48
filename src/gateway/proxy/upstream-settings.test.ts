import { describe, expect, it } from 'vitest';

import { PolicyConfigError } from '../policy.js';
import { findUpstream, readUpstream } from './upstream-settings.js';
import type { UpstreamScope } from './upstream-settings.js';

const where = 'billing-system-v1#/x-junction-upstream';

describe('readUpstream', () => {
  const usable = [
    {
      name: 'resolves the URL placeholder and defaults both timeouts to 10 s',
      value: { url: '${BILLING_SYSTEM_URL:-http://127.0.0.1:4010}' },
      env: {},
      want: { url: 'http://127.0.0.1:4010', timeoutMs: 10_000, connectTimeoutMs: 10_000 },
    },
    {
      name: 'takes the URL from the environment and drops a trailing slash',
      value: { url: '${BILLING_SYSTEM_URL:-http://127.0.0.1:4010}', timeoutMs: 2500 },
      env: { BILLING_SYSTEM_URL: 'https://billing.internal/ledgerly/' },
      want: { url: 'https://billing.internal/ledgerly', timeoutMs: 2500, connectTimeoutMs: 2500 },
    },
    {
      name: 'keeps a connect timeout of its own',
      value: { url: 'http://[::1]:4010', timeoutMs: 30_000, connectTimeoutMs: 1000 },
      env: {},
      want: { url: 'http://[::1]:4010', timeoutMs: 30_000, connectTimeoutMs: 1000 },
    },
  ];
  it.each(usable)('$name', ({ value, env, want }) => {
    expect(readUpstream(value, where, env)).toStrictEqual(want);
  });

  const unusable = [
    {
      name: 'refuses a value that is not an object',
      value: 'http://127.0.0.1:4010',
      message: `${where}="http://127.0.0.1:4010" is not valid: expected an object with url, timeoutMs, connectTimeoutMs`,
    },
    {
      name: 'refuses an unknown key',
      value: { url: 'http://127.0.0.1:4010', timeout: 5 },
      message: `${where}/timeout=5 is not valid: expected no such key: only url, timeoutMs and connectTimeoutMs`,
    },
    {
      name: 'refuses a missing URL',
      value: { timeoutMs: 5 },
      message: `${where}/url=undefined is not valid: expected an http:// or https:// URL, which may use \${NAME:-default}`,
    },
    {
      name: 'refuses an unresolvable placeholder, naming the variable',
      value: { url: '${BILLING_SYSTEM_URL}' },
      message: `${where}/url="\${BILLING_SYSTEM_URL}" is not valid: expected the environment variable BILLING_SYSTEM_URL to be set, or a default as in \${BILLING_SYSTEM_URL:-value}`,
    },
    {
      name: 'refuses a URL of another scheme',
      value: { url: 'ftp://127.0.0.1:4010' },
      message: `${where}/url="ftp://127.0.0.1:4010" is not valid: expected an http:// or https:// URL without user info, query or fragment`,
    },
    {
      name: 'refuses a URL with credentials and masks the password',
      value: { url: 'http://svc:s3cret@127.0.0.1:4010' },
      message: `${where}/url="http://svc:***@127.0.0.1:4010" is not valid: expected an http:// or https:// URL without user info, query or fragment`,
    },
    {
      name: 'refuses a URL with a query',
      value: { url: 'http://127.0.0.1:4010/?tenant=1' },
      message: `${where}/url="http://127.0.0.1:4010/?tenant=1" is not valid: expected an http:// or https:// URL without user info, query or fragment`,
    },
    {
      name: 'refuses text that is not a URL',
      value: { url: '127.0.0.1:4010' },
      message: `${where}/url="127.0.0.1:4010" is not valid: expected an http:// or https:// URL without user info, query or fragment`,
    },
    {
      name: 'refuses a timeout that is not a positive integer',
      value: { url: 'http://127.0.0.1:4010', timeoutMs: 0 },
      message: `${where}/timeoutMs=0 is not valid: expected an integer number of milliseconds from 1 to 3600000`,
    },
    {
      name: 'refuses a connect timeout given as text',
      value: { url: 'http://127.0.0.1:4010', connectTimeoutMs: '1000' },
      message: `${where}/connectTimeoutMs="1000" is not valid: expected an integer number of milliseconds from 1 to 3600000`,
    },
  ];
  it.each(unusable)('$name', ({ value, message }) => {
    const read = () => readUpstream(value, where, {});
    expect(read).toThrow(PolicyConfigError);
    expect(read).toThrow(message);
  });
});

describe('findUpstream', () => {
  const scope = (
    document: Record<string, unknown>,
    operation: Record<string, unknown>,
  ): UpstreamScope => ({
    apiId: 'billing-system-v1',
    method: 'get',
    path: '/v1/accounts/{accountKey}',
    document,
    operation,
  });

  it('takes the document-level extension for every operation', () => {
    const document = { 'x-junction-upstream': { url: 'http://127.0.0.1:4010' } };
    expect(findUpstream(scope(document, {}), {})).toStrictEqual({
      url: 'http://127.0.0.1:4010',
      timeoutMs: 10_000,
      connectTimeoutMs: 10_000,
    });
  });

  it('prefers the operation-level extension to the document-level one', () => {
    const document = { 'x-junction-upstream': { url: 'http://127.0.0.1:4010' } };
    const operation = { 'x-junction-upstream': { url: 'http://127.0.0.1:4020', timeoutMs: 500 } };
    expect(findUpstream(scope(document, operation), {})).toStrictEqual({
      url: 'http://127.0.0.1:4020',
      timeoutMs: 500,
      connectTimeoutMs: 500,
    });
  });

  it('finds no upstream when neither level declares one', () => {
    expect(findUpstream(scope({}, {}), {})).toBeUndefined();
  });

  it('names the operation by JSON pointer when its extension is unusable', () => {
    const operation = { 'x-junction-upstream': { url: 'http://127.0.0.1:4010', timeoutMs: -1 } };
    expect(() => findUpstream(scope({}, operation), {})).toThrow(
      'billing-system-v1#/paths/~1v1~1accounts~1{accountKey}/get/x-junction-upstream/timeoutMs=-1 is not valid',
    );
  });
});
