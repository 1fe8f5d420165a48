import { Ajv } from 'ajv';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';

import type { GatewayResult } from '../../policy.js';
import { CACHE_CONFIG_SCHEMA, cache, computeEntityTag, createCachePolicy } from './index.js';
import type { CacheConfig } from './index.js';
import { RedisCacheStore } from './redis-cache-store.js';
import { passThrough, recordingLogger, testContext, testExchange } from './testing.js';
import type { TestRequest } from './testing.js';

const ORGANIZATION = { id: '42', name: 'Acme' };
const TAG = computeEntityTag(Buffer.from(JSON.stringify(ORGANIZATION)));

/** A cache with a clock the test moves, and a handler that counts its calls. */
function setup(config: Partial<CacheConfig> = {}, answer: Partial<GatewayResult> = {}) {
  let clock = 1_700_000_000_000;
  const policy = createCachePolicy({ ttlSeconds: 60, ...config }, testContext(), {
    now: () => clock,
  });
  let calls = 0;
  const handler = (): GatewayResult => {
    calls += 1;
    return { status: 200, contentType: 'application/json', body: ORGANIZATION, ...answer };
  };
  return {
    send: (request: TestRequest = {}) => passThrough(policy, testExchange(request), handler),
    advance: (ms: number) => (clock += ms),
    handlerCalls: () => calls,
  };
}

describe('cache: hits and misses', () => {
  it('stores a 200 on a miss and serves it with Age and X-Cache: HIT', async () => {
    const { send, advance, handlerCalls } = setup();
    const miss = await send();
    advance(7_500);
    const hit = await send();

    expect(miss.result).toStrictEqual({
      status: 200,
      contentType: 'application/json',
      body: ORGANIZATION,
      headers: { ETag: TAG, 'Cache-Control': 'private, max-age=60', 'X-Cache': 'MISS' },
    });
    expect(hit).toStrictEqual({
      handled: false,
      result: {
        status: 200,
        contentType: 'application/json',
        body: ORGANIZATION,
        headers: {
          ETag: TAG,
          'Cache-Control': 'private, max-age=60',
          Age: '7',
          'X-Cache': 'HIT',
        },
      },
    });
    expect(handlerCalls()).toBe(1);
  });

  it('serves until the TTL is over and calls the handler again after', async () => {
    const { send, advance, handlerCalls } = setup({ ttlSeconds: 30 });
    await send();
    advance(29_999);
    expect((await send()).result.headers?.['Age']).toBe('29');
    advance(1);
    expect((await send()).handled).toBe(true);
    expect(handlerCalls()).toBe(2);
  });

  it('gives a copy of the stored body, so changing an answer leaves the entry intact', async () => {
    const { send } = setup();
    await send();
    const first = await send();
    (first.result.body as Record<string, unknown>)['name'] = 'changed';
    expect((await send()).result.body).toStrictEqual(ORGANIZATION);
  });

  it('keys the query by name, whatever its order, and by its values', async () => {
    const { send, handlerCalls } = setup();
    await send({ query: { b: '1', a: ['2', '3'] } });
    expect((await send({ query: { a: ['2', '3'], b: '1' } })).handled).toBe(false);
    expect((await send({ query: { a: ['3', '2'], b: '1' } })).handled).toBe(true);
    expect((await send({ query: { a: ['2', '3'] } })).handled).toBe(true);
    expect(handlerCalls()).toBe(3);
  });

  it('keys by path and by operation', async () => {
    const { send } = setup();
    await send({ path: '/organizations/42' });
    expect((await send({ path: '/organizations/43' })).handled).toBe(true);
    expect((await send({ operationId: 'getOrganizationV2' })).handled).toBe(true);
  });

  it.each([
    { name: 'a POST', request: { method: 'POST' }, answer: {} },
    { name: 'a 201', request: {}, answer: { status: 201 } },
    { name: 'a 404', request: {}, answer: { status: 404 } },
  ])('neither stores nor tags $name', async ({ request, answer }) => {
    const { send } = setup({}, answer);
    const first = await send(request);
    expect(first.result.headers).toBeUndefined();
    expect((await send(request)).handled).toBe(true);
  });
});

describe('cache: clients and Vary', () => {
  it('keeps one entry per client by default', async () => {
    const { send, handlerCalls } = setup();
    await send({ clientId: 'client-a' });
    expect((await send({ clientId: 'client-b' })).handled).toBe(true);
    expect((await send({ clientId: 'client-a' })).handled).toBe(false);
    expect((await send()).handled).toBe(true);
    expect(handlerCalls()).toBe(3);
  });

  it('shares one entry across clients with shareAcrossClients and says max-age only', async () => {
    const { send } = setup({ shareAcrossClients: true });
    const miss = await send({ clientId: 'client-a' });
    const hit = await send({ clientId: 'client-b' });
    expect(miss.result.headers?.['Cache-Control']).toBe('max-age=60');
    expect(hit.handled).toBe(false);
  });

  it('keys by the request headers the response names in Vary', async () => {
    const { send, handlerCalls } = setup({}, { headers: { Vary: 'Accept-Language' } });
    await send({ headers: { 'Accept-Language': 'en' } });
    expect((await send({ headers: { 'Accept-Language': 'de' } })).handled).toBe(true);
    expect((await send({ headers: { 'Accept-Language': 'en' } })).handled).toBe(false);
    expect((await send({ headers: { 'Accept-Language': 'de' } })).handled).toBe(false);
    expect((await send()).handled).toBe(true);
    expect(handlerCalls()).toBe(3);
  });

  it('keys by the configured varyHeaders, whatever their case', async () => {
    const { send } = setup({ varyHeaders: ['X-Tenant'] });
    await send({ headers: { 'x-tenant': 'acme' } });
    expect((await send({ headers: { 'X-Tenant': 'globex' } })).handled).toBe(true);
    expect((await send({ headers: { 'X-TENANT': 'acme' } })).handled).toBe(false);
  });

  it('does not cache an operation that needs credentials before the caller is known', async () => {
    const { log, lines } = recordingLogger();
    const policy = createCachePolicy({ ttlSeconds: 60 }, testContext(log));
    const request = { security: [{ apiKey: [] }] };
    const handler = (): GatewayResult => ({ status: 200, body: ORGANIZATION });
    await passThrough(policy, testExchange(request), handler);
    await passThrough(policy, testExchange(request), handler);

    expect((await passThrough(policy, testExchange(request), handler)).handled).toBe(true);
    expect(lines.map(({ msg, operationId }) => ({ msg, operationId }))).toStrictEqual([
      {
        msg: 'cache runs before the caller is identified; not caching',
        operationId: 'getOrganization',
      },
    ]);
  });
});

describe('cache: conditional requests', () => {
  it.each([
    { name: 'the same tag', ifNoneMatch: TAG },
    { name: 'the weak form of the tag', ifNoneMatch: `W/${TAG}` },
    { name: 'a list holding the tag', ifNoneMatch: `"other", ${TAG}` },
    { name: 'a star', ifNoneMatch: '*' },
  ])('answers a hit with If-None-Match of $name with a bodiless 304', async ({ ifNoneMatch }) => {
    const { send } = setup();
    await send();
    const { result } = await send({ headers: { 'If-None-Match': ifNoneMatch } });
    expect(result).toStrictEqual({
      status: 304,
      headers: { ETag: TAG, 'Cache-Control': 'private, max-age=60', Age: '0', 'X-Cache': 'HIT' },
    });
  });

  it('answers a hit with a non-matching If-None-Match with the 200', async () => {
    const { send } = setup();
    await send();
    const { result } = await send({ headers: { 'If-None-Match': '"stale", W/"older"' } });
    expect(result.status).toBe(200);
    expect(result.body).toStrictEqual(ORGANIZATION);
  });

  it('turns a fresh 200 into a 304 when the tag matches, and still stores it', async () => {
    const { send } = setup();
    const first = await send({ headers: { 'If-None-Match': TAG } });
    const second = await send();
    expect(first.result).toStrictEqual({
      status: 304,
      headers: { ETag: TAG, 'Cache-Control': 'private, max-age=60', 'X-Cache': 'MISS' },
    });
    expect(second.handled).toBe(false);
    expect(second.result.status).toBe(200);
  });

  it("keeps the handler's ETag and Cache-Control and compares against that tag", async () => {
    const headers = { etag: 'W/"v7"', 'cache-control': 'public, max-age=10' };
    const { send, advance } = setup({ shareAcrossClients: true }, { headers });
    const first = await send();
    const revalidated = await send({ headers: { 'If-None-Match': '"v7"' } });
    advance(10_000);
    const expired = await send();

    expect(first.result.headers).toStrictEqual({ ...headers, 'X-Cache': 'MISS' });
    expect(revalidated.result).toStrictEqual({
      status: 304,
      headers: { ...headers, Age: '0', 'X-Cache': 'HIT' },
    });
    expect(expired.handled).toBe(true);
  });
});

describe('cache: what is not stored or not looked up', () => {
  it('neither looks up nor stores for a request with Cache-Control: no-store', async () => {
    const { send, handlerCalls } = setup();
    await send();
    const skipped = await send({ headers: { 'Cache-Control': 'no-store' } });
    expect(skipped.handled).toBe(true);
    expect(skipped.result.headers?.['X-Cache']).toBe('MISS');
    expect(handlerCalls()).toBe(2);
  });

  it('skips the lookup for Cache-Control: no-cache but stores the fresh answer', async () => {
    let version = 1;
    const policy = createCachePolicy({ ttlSeconds: 60 }, testContext());
    const handler = (): GatewayResult => ({ status: 200, body: { version } });
    await passThrough(policy, testExchange(), handler);
    version = 2;
    const reloaded = await passThrough(
      policy,
      testExchange({ headers: { 'Cache-Control': 'max-age=0, NO-CACHE' } }),
      handler,
    );
    const next = await passThrough(policy, testExchange(), handler);

    expect(reloaded).toMatchObject({ handled: true, result: { body: { version: 2 } } });
    expect(next).toMatchObject({ handled: false, result: { body: { version: 2 } } });
  });

  it.each([
    { name: 'Cache-Control: no-store', config: {}, headers: { 'Cache-Control': 'no-store' } },
    { name: 'Cache-Control: no-cache', config: {}, headers: { 'Cache-Control': 'no-cache' } },
    { name: 'max-age=0', config: {}, headers: { 'Cache-Control': 'max-age=0' } },
    {
      name: 'private in a shared cache',
      config: { shareAcrossClients: true },
      headers: { 'Cache-Control': 'private' },
    },
    { name: 'Set-Cookie', config: {}, headers: { 'Set-Cookie': 'session=1' } },
    { name: 'Vary: *', config: {}, headers: { Vary: '*' } },
  ])('does not store a response with $name', async ({ config, headers }) => {
    const { send } = setup(config, { headers });
    await send();
    expect((await send()).handled).toBe(true);
  });

  it('stores a private response when entries are per client', async () => {
    const { send } = setup({}, { headers: { 'Cache-Control': 'private, max-age=120' } });
    await send();
    expect((await send()).handled).toBe(false);
  });

  it('does not store when another policy set a cookie on the response', async () => {
    const policy = createCachePolicy({ ttlSeconds: 60 }, testContext());
    const handler = (): GatewayResult => ({ status: 200, body: ORGANIZATION });
    const exchange = testExchange();
    exchange.res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    await passThrough(policy, exchange, handler);
    expect((await passThrough(policy, testExchange(), handler)).handled).toBe(true);
  });

  it('does not store a body larger than maxBodyBytes but still tags it', async () => {
    const body = 'x'.repeat(1025);
    const { send } = setup({ maxBodyBytes: 1024 }, { contentType: 'text/plain', body });
    const first = await send();
    expect(first.result.headers?.['ETag']).toBe(computeEntityTag(Buffer.from(body)));
    expect((await send()).handled).toBe(true);
  });

  it('stores a body of exactly maxBodyBytes, bytes as bytes', async () => {
    const body = Buffer.alloc(1024, 7);
    const { send } = setup({ maxBodyBytes: 1024 }, { contentType: 'application/pdf', body });
    await send();
    const hit = await send();
    expect(hit.handled).toBe(false);
    expect(hit.result.body).toStrictEqual(body);
  });
});

describe('cache: HEAD', () => {
  it('answers a HEAD from the entry a GET stored', async () => {
    const { send } = setup();
    await send();
    const head = await send({ method: 'HEAD' });
    expect(head.handled).toBe(false);
    expect(head.result.headers?.['X-Cache']).toBe('HIT');
  });

  it('does not store a HEAD answer, so the next GET runs the handler', async () => {
    const { send } = setup({}, { body: undefined });
    const head = await send({ method: 'HEAD' });
    expect(head.result).toStrictEqual({
      status: 200,
      contentType: 'application/json',
      body: undefined,
    });
    expect((await send()).handled).toBe(true);
  });
});

describe('cache: memory bounds', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const { send } = setup({ maxEntries: 2 });
    await send({ path: '/organizations/1' });
    await send({ path: '/organizations/2' });
    await send({ path: '/organizations/1' });
    await send({ path: '/organizations/3' });
    expect((await send({ path: '/organizations/1' })).handled).toBe(false);
    expect((await send({ path: '/organizations/2' })).handled).toBe(true);
  });
});

describe('cache: Redis unavailable', () => {
  it('answers without the cache and warns once per interval with the failure count', async () => {
    const { log, lines } = recordingLogger();
    let clock = 0;
    // A connection that has ended: the store must not send it commands.
    const redis = { status: 'end' } as unknown as Redis;
    const store = new RedisCacheStore(redis, log, { now: () => clock });
    const policy = createCachePolicy({ ttlSeconds: 60 }, testContext(), { store });
    const handler = (): GatewayResult => ({ status: 200, body: ORGANIZATION });
    for (let i = 0; i < 3; i += 1) {
      const { handled, result } = await passThrough(policy, testExchange(), handler);
      expect({ handled, status: result.status }).toStrictEqual({ handled: true, status: 200 });
    }
    clock += 60_000;
    await passThrough(policy, testExchange(), handler);

    expect(lines.map(({ msg, failures }) => ({ msg, failures }))).toStrictEqual([
      { msg: 'response cache unavailable in Redis; answering without it', failures: 1 },
      { msg: 'response cache unavailable in Redis; answering without it', failures: 6 },
    ]);
  });
});

describe('cache: configuration', () => {
  const validate = new Ajv({ strict: false }).compile(cache.configSchema);

  it('is named cache and accepts a full configuration', () => {
    const config = {
      ttlSeconds: 60,
      maxEntries: 10,
      maxBodyBytes: 1024,
      varyHeaders: ['Accept-Language'],
      shareAcrossClients: true,
    };
    expect(cache.name).toBe('cache');
    expect(cache.configSchema).toBe(CACHE_CONFIG_SCHEMA);
    expect(validate(config)).toBe(true);
  });

  it.each([
    { config: {}, want: { instancePath: '', message: "must have required property 'ttlSeconds'" } },
    { config: { ttlSeconds: 0 }, want: { instancePath: '/ttlSeconds', message: 'must be >= 1' } },
    {
      config: { ttlSeconds: 1.5 },
      want: { instancePath: '/ttlSeconds', message: 'must be integer' },
    },
    {
      config: { ttlSeconds: 60, maxEntries: 0 },
      want: { instancePath: '/maxEntries', message: 'must be >= 1' },
    },
    {
      config: { ttlSeconds: 60, maxBodyBytes: '256k' },
      want: { instancePath: '/maxBodyBytes', message: 'must be integer' },
    },
    {
      config: { ttlSeconds: 60, varyHeaders: ['Accept Language'] },
      want: {
        instancePath: '/varyHeaders/0',
        message: 'must match pattern "^[!#$%&\'*+.^_`|~0-9A-Za-z-]+$"',
      },
    },
    {
      config: { ttlSeconds: 60, shareAcrossClients: 'yes' },
      want: { instancePath: '/shareAcrossClients', message: 'must be boolean' },
    },
    {
      config: { ttlSeconds: 60, ttl: 60 },
      want: { instancePath: '', message: 'must NOT have additional properties' },
    },
  ])('refuses $config: $want.message', ({ config, want }) => {
    expect(validate(config)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject(want);
  });
});
