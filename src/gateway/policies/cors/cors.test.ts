import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

import { ProblemError } from '../../../runtime/errors.js';
import { PolicyConfigError, type Exchange, type Policy, type PolicyContext } from '../../policy.js';
import { CORS_CONFIG_SCHEMA, cors, createCorsPolicy, type CorsConfig } from './index.js';
import { createTestExchange } from './testing.js';

// The cors policy reads nothing from its context; a store and logger would only be noise here.
const context = { apiId: 'canonical-v1' } as PolicyContext;

async function policyFor(config: CorsConfig): Promise<Policy> {
  return cors.create(config, context);
}

function preflight(origin: string, method: string, requestHeaders?: string): Exchange {
  return createTestExchange('OPTIONS', {
    origin,
    'access-control-request-method': method,
    ...(requestHeaders === undefined ? {} : { 'access-control-request-headers': requestHeaders }),
  });
}

function responseHeaders(exchange: Exchange): Record<string, unknown> {
  return { ...exchange.res.getHeaders() };
}

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return new Error('expected an error, but none was thrown');
}

const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

describe('cors preflight', () => {
  it('answers an allowed origin with 204, the exact origin and only the allowed requested headers', async () => {
    const policy = await policyFor({
      origins: ['https://app.example.com'],
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type'],
    });
    const result = policy.onPreflight?.(
      preflight('https://app.example.com', 'POST', 'Content-Type, X-Debug, authorization'),
    );
    expect(result).toStrictEqual({
      status: 204,
      headers: {
        'Access-Control-Allow-Origin': 'https://app.example.com',
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'content-type, authorization',
        'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Credentials': 'true',
        Vary: PREFLIGHT_VARY,
      },
    });
  });

  it('leaves out Allow-Headers and Allow-Credentials when none apply', async () => {
    const policy = await policyFor({ origins: ['https://app.example.com'], maxAgeSeconds: 60 });
    expect(policy.onPreflight?.(preflight('https://app.example.com', 'GET'))).toStrictEqual({
      status: 204,
      headers: {
        'Access-Control-Allow-Origin': 'https://app.example.com',
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
        'Access-Control-Max-Age': '60',
        Vary: PREFLIGHT_VARY,
      },
    });
  });

  it('answers "*" when any origin is configured without credentials', async () => {
    const policy = await policyFor({ origins: ['*'] });
    const result = policy.onPreflight?.(preflight('https://anyone.test', 'GET'));
    expect(result?.headers?.['Access-Control-Allow-Origin']).toBe('*');
  });

  it.each([
    'https://example.com.evil.test',
    'https://evilexample.com',
    'http://example.com',
    'null',
  ])('refuses the look-alike origin %s with 403 and no CORS headers', async (origin) => {
    const policy = await policyFor({ origins: ['https://example.com'], credentials: true });
    const exchange = preflight(origin, 'GET');
    const err = captureError(() => policy.onPreflight?.(exchange));
    expect(err).toStrictEqual(
      new ProblemError(
        'origin-not-allowed',
        `expected an origin this API allows, got ${JSON.stringify(origin)}`,
      ),
    );
    expect(responseHeaders(exchange)).toStrictEqual({ vary: PREFLIGHT_VARY });
  });

  it('refuses a method that is not allowed with 403', async () => {
    const policy = await policyFor({ origins: ['https://example.com'], methods: ['GET'] });
    const err = captureError(() =>
      policy.onPreflight?.(preflight('https://example.com', 'DELETE')),
    );
    expect(err).toStrictEqual(
      new ProblemError(
        'origin-not-allowed',
        'expected Access-Control-Request-Method to be one of GET, got "DELETE"',
      ),
    );
  });

  it('leaves an OPTIONS request without Access-Control-Request-Method to the operation', async () => {
    const policy = await policyFor({ origins: ['https://example.com'] });
    const exchange = createTestExchange('OPTIONS', { origin: 'https://example.com' });
    expect(policy.onPreflight?.(exchange)).toBeUndefined();
    expect(responseHeaders(exchange)).toStrictEqual({});
  });
});

describe('cors on actual requests', () => {
  const config: CorsConfig = {
    origins: ['https://example.com'],
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  };

  it('adds the exact origin, credentials and exposed headers for an allowed origin', async () => {
    const exchange = createTestExchange('GET', { origin: 'https://example.com' });
    expect(await (await policyFor(config)).onRequest?.(exchange)).toBeUndefined();
    expect(responseHeaders(exchange)).toStrictEqual({
      vary: 'Origin',
      'access-control-allow-origin': 'https://example.com',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Request-Id, Retry-After',
    });
  });

  it.each([
    'https://example.com.evil.test',
    'https://evilexample.com',
    'http://example.com',
    'https://example.com:8443',
    'https://sub.example.com',
    'null',
    'https://example.com, https://evil.test',
    'HTTPS://EXAMPLE.COM',
  ])('adds no CORS headers for %s, only Vary: Origin', async (origin) => {
    const exchange = createTestExchange('GET', { origin });
    await (await policyFor(config)).onRequest?.(exchange);
    expect(responseHeaders(exchange)).toStrictEqual({ vary: 'Origin' });
  });

  it.each([
    { before: undefined, after: 'Origin' },
    { before: 'Accept-Encoding', after: 'Accept-Encoding, Origin' },
    { before: 'accept-encoding, origin', after: 'accept-encoding, origin' },
    { before: ['Accept', 'Accept-Language'], after: 'Accept, Accept-Language, Origin' },
    { before: '*', after: '*' },
  ])('appends Origin to Vary $before without clobbering it', async ({ before, after }) => {
    const exchange = createTestExchange('GET', {});
    if (before !== undefined) exchange.res.setHeader('Vary', before);
    await (await policyFor(config)).onRequest?.(exchange);
    expect(exchange.res.getHeader('Vary')).toBe(after);
  });
});

describe('cors origin patterns', () => {
  const cases = [
    { pattern: 'https://*.example.com', origin: 'https://app.example.com', want: true },
    { pattern: 'https://*.example.com', origin: 'https://app-2.example.com', want: true },
    { pattern: 'https://*.example.com', origin: 'https://example.com', want: false },
    { pattern: 'https://*.example.com', origin: 'https://a.b.example.com', want: false },
    { pattern: 'https://*.example.com', origin: 'https://app.example.com.evil.test', want: false },
    { pattern: 'https://*.example.com', origin: 'https://appexample.com', want: false },
    { pattern: 'https://*.example.com', origin: 'http://app.example.com', want: false },
    { pattern: 'https://*.example.com', origin: 'https://app.example.com:8443', want: false },
    { pattern: 'https://*.example.com', origin: 'https://-bad.example.com', want: false },
    { pattern: 'https://*.example.com:8443', origin: 'https://app.example.com:8443', want: true },
    { pattern: 'https://*.Example.COM:443', origin: 'https://app.example.com', want: true },
    { pattern: 'https://App.Example.com', origin: 'https://app.example.com', want: true },
    { pattern: 'http://localhost:3000', origin: 'http://localhost:3000', want: true },
    { pattern: 'http://localhost:3000', origin: 'http://localhost:30001', want: false },
    {
      pattern: 'regex:https://(app|admin)\\.example\\.com',
      origin: 'https://admin.example.com',
      want: true,
    },
    {
      pattern: 'regex:https://(app|admin)\\.example\\.com',
      origin: 'https://admin.example.com.evil.test',
      want: false,
    },
    {
      pattern: 'regex:https://(app|admin)\\.example\\.com',
      origin: 'xhttps://admin.example.com',
      want: false,
    },
    { pattern: 'regex:.*', origin: 'https://example.com, https://evil.test', want: false },
    { pattern: 'regex:.*', origin: 'null', want: false },
    { pattern: '*', origin: 'null', want: false },
  ];
  it.each(cases)('$pattern matches $origin: $want', async ({ pattern, origin, want }) => {
    const exchange = createTestExchange('GET', { origin });
    await (await policyFor({ origins: [pattern] })).onRequest?.(exchange);
    const allowed = exchange.res.getHeader('Access-Control-Allow-Origin');
    expect(allowed !== undefined).toBe(want);
  });
});

describe('cors configuration', () => {
  const WILDCARD =
    'a pattern such as https://*.example.com, where * is one DNS label left of at least two more';
  const EXACT =
    'an origin such as https://app.example.com (scheme, host and optional port, no path)';
  const TOKEN = 'an HTTP token such as X-Request-Id ("*" is not a wildcard here)';
  const cases: {
    name: string;
    config: CorsConfig;
    key: string;
    value: unknown;
    expected: string;
  }[] = [
    {
      name: 'any origin with credentials',
      config: { origins: ['https://a.example.com', '*'], credentials: true },
      key: 'origins',
      value: ['https://a.example.com', '*'],
      expected:
        'listed origins when credentials is true, because browsers refuse "*" with credentials ' +
        "and reflecting every origin would let any site act with the user's cookies",
    },
    {
      name: 'an origin with a path',
      config: { origins: ['https://app.example.com/'] },
      key: 'origins[0]',
      value: 'https://app.example.com/',
      expected: EXACT,
    },
    {
      name: 'an origin without a scheme',
      config: { origins: ['https://ok.example.com', 'app.example.com'] },
      key: 'origins[1]',
      value: 'app.example.com',
      expected: EXACT,
    },
    {
      name: 'the null origin',
      config: { origins: ['null'] },
      key: 'origins[0]',
      value: 'null',
      expected: 'a real origin; "null" is sent by sandboxed and file pages anyone can make',
    },
    {
      name: 'a wildcard over a top-level domain',
      config: { origins: ['https://*.com'] },
      key: 'origins[0]',
      value: 'https://*.com',
      expected: WILDCARD,
    },
    {
      name: 'a wildcard inside the host',
      config: { origins: ['https://app.*.example.com'] },
      key: 'origins[0]',
      value: 'https://app.*.example.com',
      expected: WILDCARD,
    },
    {
      name: 'a wildcard with a path',
      config: { origins: ['https://*.example.com/app'] },
      key: 'origins[0]',
      value: 'https://*.example.com/app',
      expected: WILDCARD,
    },
    {
      name: 'an empty origin list',
      config: { origins: [] },
      key: 'origins',
      value: [],
      expected: 'a non-empty list of origins or patterns',
    },
    {
      name: 'a wildcard method',
      config: { origins: ['https://example.com'], methods: ['*'] },
      key: 'methods[0]',
      value: '*',
      expected: TOKEN,
    },
    {
      name: 'no methods',
      config: { origins: ['https://example.com'], methods: [] },
      key: 'methods',
      value: [],
      expected: 'at least one method, such as GET',
    },
    {
      name: 'a header name with a space',
      config: { origins: ['https://example.com'], allowedHeaders: ['X Debug'] },
      key: 'allowedHeaders[0]',
      value: 'X Debug',
      expected: TOKEN,
    },
    {
      name: 'a wildcard exposed header',
      config: { origins: ['https://example.com'], exposedHeaders: ['*'] },
      key: 'exposedHeaders[0]',
      value: '*',
      expected: TOKEN,
    },
    {
      name: 'a negative max age',
      config: { origins: ['https://example.com'], maxAgeSeconds: -1 },
      key: 'maxAgeSeconds',
      value: -1,
      expected: 'a whole number from 0 to 86400',
    },
  ];
  it.each(cases)('refuses $name and says what it expected', ({ config, key, value, expected }) => {
    expect(captureError(() => createCorsPolicy(config))).toStrictEqual(
      new PolicyConfigError(key, value, expected),
    );
  });

  it('refuses an unanchorable regex with the reason', () => {
    const err = captureError(() => createCorsPolicy({ origins: ['regex:(unclosed'] }));
    expect(err).toBeInstanceOf(PolicyConfigError);
    expect((err as PolicyConfigError).message).toMatch(
      /^origins\[0\]="regex:\(unclosed" is not valid: expected a valid regular expression after "regex:" \(.+\)$/,
    );
  });

  it('declares a schema that accepts a full configuration and refuses unknown keys', () => {
    const validate = new Ajv({ allErrors: true }).compile(CORS_CONFIG_SCHEMA);
    const full = {
      origins: ['https://app.example.com', 'https://*.example.com', 'regex:https://a\\.test'],
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization'],
      exposedHeaders: ['X-Request-Id'],
      maxAgeSeconds: 600,
    };
    expect(validate(full)).toBe(true);
    expect(validate({ origins: ['https://a.test'], origin: 'typo' })).toBe(false);
    expect(validate({ origins: [] })).toBe(false);
    expect(validate({ origins: ['https://a.test'], methods: ['*'] })).toBe(false);
    expect(validate({ origins: ['https://a.test'], maxAgeSeconds: 86_401 })).toBe(false);
  });
});
