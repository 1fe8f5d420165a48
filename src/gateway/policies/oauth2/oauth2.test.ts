import {
  decodeJwt,
  decodeProtectedHeader,
  exportSPKI,
  generateKeyPair,
  importJWK,
  SignJWT,
  UnsecuredJWT,
  type JWTPayload,
} from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ProblemError } from '../../../runtime/errors.js';
import type { Store } from '../../../store/index.js';
import { createSqliteTestDatabase, type TestDatabase } from '../../../store/test-databases.js';
import type { Policy } from '../../policy.js';
import {
  createKeyRing,
  createOAuth2Policy,
  createSigningKeys,
  issueAccessToken,
  type OAuth2Config,
  type SigningKeys,
} from './index.js';
import { signingKeysDb } from '../../../store/signing-keys.js';
import {
  createTestClock,
  createTestContext,
  createTestExchange,
  openSigningKeyStore,
  ORDERS_SCOPE,
} from './testing.js';

const ISSUER = 'https://api.example.com';
const AUDIENCE = 'billing-api';
const START = '2025-01-01T00:00:00.000Z';
const settings = { issuer: ISSUER, audience: AUDIENCE };
function without(claims: JWTPayload, name: string): JWTPayload {
  return Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));
}

const config: OAuth2Config = { issuer: ISSUER, audience: AUDIENCE, local: true };

async function captureError(run: () => unknown): Promise<unknown> {
  return Promise.resolve()
    .then(run)
    .then(
      () => new Error('expected a rejection, but the promise resolved'),
      (err: unknown) => err,
    );
}

describe('oauth2 with the gateway as issuer', () => {
  let database: TestDatabase;
  let store: Store;
  let clock: ReturnType<typeof createTestClock>;
  let keys: SigningKeys;
  let policy: Policy;

  beforeEach(async () => {
    database = await createSqliteTestDatabase();
    store = await openSigningKeyStore(database.options);
    clock = createTestClock(START);
    keys = createSigningKeys({
      db: signingKeysDb(store),
      clock: clock.now,
      minReloadIntervalMs: 0,
    });
    policy = createOAuth2Policy(config, createTestContext(store), { keyRing: keys });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const issue = async (scopes = ['orders:read'], clientId = 'crm-sync') =>
    (await issueAccessToken(keys, settings, { clientId, scopes })).token;

  const admit = async (token: string, planId?: string) => {
    const exchange = createTestExchange({ authorization: `Bearer ${token}` });
    if (planId !== undefined) exchange.caller = { clientId: 'crm-sync', planId };
    await policy.onRequest?.(exchange);
    return exchange;
  };

  it('issues a JWT access token with every RFC 9068 claim and a kid', async () => {
    const token = await issue(['orders:read', 'orders:write']);
    const { kid, ...header } = decodeProtectedHeader(token);
    const { jti, ...claims } = decodeJwt(token);
    expect(header).toStrictEqual({ alg: 'ES256', typ: 'at+jwt' });
    expect(kid).toStrictEqual((await keys.signingKey()).kid);
    expect(jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims).toStrictEqual({
      client_id: 'crm-sync',
      scope: 'orders:read orders:write',
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'crm-sync',
      iat: 1735689600,
      nbf: 1735689600,
      exp: 1735689900,
    });
  });

  it('admits its own token and records the caller, keeping an earlier plan', async () => {
    const exchange = await admit(await issue(['orders:read', 'orders:write']), 'gold');
    expect(exchange.caller).toStrictEqual({
      clientId: 'crm-sync',
      scopes: ['orders:read', 'orders:write'],
      planId: 'gold',
    });
  });

  it('gives a token caller the plan of its approved subscription to the API, and no other', async () => {
    const subscriptions = new Map([
      ['crm-sync', { status: 'approved', planId: 'silver' }],
      ['portal', { status: 'pending', planId: 'gold' }],
    ]);
    policy = createOAuth2Policy(config, createTestContext(store), {
      keyRing: keys,
      subscriptions: { subscription: (clientId) => Promise.resolve(subscriptions.get(clientId)) },
    });

    expect((await admit(await issue())).caller).toStrictEqual({
      clientId: 'crm-sync',
      scopes: ['orders:read'],
      planId: 'silver',
    });
    expect((await admit(await issue(['orders:read'], 'portal'))).caller).toStrictEqual({
      clientId: 'portal',
      scopes: ['orders:read'],
    });
    expect((await admit(await issue(['orders:read'], 'unknown'))).caller).toStrictEqual({
      clientId: 'unknown',
      scopes: ['orders:read'],
    });
  });

  it.each(['EdDSA', 'RS256'] as const)('signs and verifies with %s keys', async (algorithm) => {
    keys = createSigningKeys({ db: signingKeysDb(store), clock: clock.now, algorithm });
    policy = createOAuth2Policy(config, createTestContext(store), { keyRing: keys });
    const token = await issue();
    expect(decodeProtectedHeader(token).alg).toBe(algorithm);
    expect((await admit(token)).caller?.clientId).toBe('crm-sync');
  });

  it('keeps tokens of the previous key valid after rotation and drops the key once retired', async () => {
    const oldToken = await issue();
    const oldKid = (await keys.signingKey()).kid;
    clock.advance(60);
    const newKid = await keys.rotate();
    const newToken = await issue();

    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    expect((await admit(oldToken)).caller?.clientId).toBe('crm-sync');
    expect((await admit(newToken)).caller?.clientId).toBe('crm-sync');
    expect((await keys.publishedKeys()).keys.map((key) => key.kid)).toStrictEqual([oldKid, newKid]);

    // Retired at rotation + 300 s TTL + 30 s skew + 60 s until other processes re-read the keys.
    clock.advance(389);
    expect((await keys.publishedKeys()).keys.map((key) => key.kid)).toStrictEqual([oldKid, newKid]);
    clock.advance(1);
    expect((await keys.publishedKeys()).keys.map((key) => key.kid)).toStrictEqual([newKid]);
    await expect(keys.resolveKey({ alg: 'ES256', kid: oldKid })).rejects.toThrow(
      'no published signing key matches the token header',
    );

    await keys.rotate();
    const stored = await signingKeysDb(store)
      .selectFrom('gateway_signing_keys')
      .select('kid')
      .execute();
    expect(stored.map((row) => row.kid)).not.toContain(oldKid);
  });

  it('finds a key another process rotated to by re-reading on the unknown kid', async () => {
    const validatorRing = createKeyRing({
      db: signingKeysDb(store),
      clock: clock.now,
      minReloadIntervalMs: 0,
    });
    policy = createOAuth2Policy(config, createTestContext(store), { keyRing: validatorRing });
    expect((await admit(await issue())).caller?.clientId).toBe('crm-sync');

    const otherProcess = createSigningKeys({ db: signingKeysDb(store), clock: clock.now });
    await otherProcess.rotate();
    await keys.reload();
    expect((await admit(await issue())).caller?.clientId).toBe('crm-sync');
  });

  it('converges on one current key when two processes create the first key at once', async () => {
    const other = createSigningKeys({ db: signingKeysDb(store), clock: clock.now });
    const [first, second] = await Promise.all([keys.signingKey(), other.signingKey()]);
    await Promise.all([keys.reload(), other.reload()]);
    const [mine, theirs] = await Promise.all([keys.signingKey(), other.signingKey()]);
    expect(mine.kid).toBe(theirs.kid);
    const stored = await keys.keys();
    expect(
      stored.filter((key) => key.retireAfter === undefined).map((key) => key.kid),
    ).toStrictEqual([mine.kid]);
    // A key either process may have signed with stays published until it retires.
    const published = (await keys.publishedKeys()).keys.map((key) => key.kid);
    expect(published).toEqual(expect.arrayContaining([first.kid, second.kid]));
  });

  it('publishes only public key material', async () => {
    await keys.signingKey();
    const [key, ...rest] = (await keys.publishedKeys()).keys;
    expect(rest).toStrictEqual([]);
    expect(Object.keys(key ?? {}).sort()).toStrictEqual([
      'alg',
      'crv',
      'kid',
      'kty',
      'use',
      'x',
      'y',
    ]);
  });

  describe('refuses with 401 invalid_token, never a 500', () => {
    const sign = async (claims: JWTPayload, header: Record<string, unknown> = {}) => {
      const key = await keys.signingKey();
      return new SignJWT(claims)
        .setProtectedHeader({ alg: key.algorithm, kid: key.kid, ...header })
        .sign(key.privateKey);
    };
    const valid = (): JWTPayload => ({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: 'crm-sync',
      scope: 'orders:read',
      iat: Date.parse(START) / 1000,
      exp: Date.parse(START) / 1000 + 300,
    });

    const cases: { name: string; token: () => Promise<string>; description: string }[] = [
      {
        name: 'an unsigned token (alg none)',
        token: () => Promise.resolve(new UnsecuredJWT(valid()).encode()),
        description: 'the token is signed with an algorithm this API does not accept',
      },
      {
        name: 'HS256 signed with the public key as the secret',
        token: async () => {
          const key = await keys.signingKey();
          const published = (await keys.publishedKeys()).keys[0] ?? {};
          const publicKey = await importJWK(published, 'ES256');
          if (publicKey instanceof Uint8Array) throw new Error('expected an asymmetric key');
          const pem = await exportSPKI(publicKey);
          return new SignJWT(valid())
            .setProtectedHeader({ alg: 'HS256', kid: key.kid })
            .sign(new TextEncoder().encode(pem));
        },
        description: 'the token is signed with an algorithm this API does not accept',
      },
      {
        name: 'an expired token',
        token: () => sign({ ...valid(), exp: Date.parse(START) / 1000 - 31 }),
        description: 'the token has expired',
      },
      {
        name: 'a token not valid yet',
        token: () => sign({ ...valid(), nbf: Date.parse(START) / 1000 + 31 }),
        description: 'the token is not valid yet',
      },
      {
        name: 'a token without expiry',
        token: () => sign(without(valid(), 'exp')),
        description: 'the token expiry is missing or not a number',
      },
      {
        name: 'a token of another issuer',
        token: () => sign({ ...valid(), iss: 'https://evil.test' }),
        description: 'the token was issued by another issuer',
      },
      {
        name: 'a token for another audience',
        token: () => sign({ ...valid(), aud: 'other-api' }),
        description: 'the token is meant for another audience',
      },
      {
        name: 'a token signed by another key under the current kid',
        token: async () => {
          const { kid } = await keys.signingKey();
          const { privateKey } = await generateKeyPair('ES256');
          return new SignJWT(valid()).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
        },
        description: 'the token signature does not verify',
      },
      {
        name: 'a token signed by an unknown key',
        token: async () => {
          const { privateKey } = await generateKeyPair('ES256');
          return new SignJWT(valid())
            .setProtectedHeader({ alg: 'ES256', kid: 'unknown' })
            .sign(privateKey);
        },
        description: 'the token is signed by a key the issuer does not publish',
      },
      {
        name: 'a token whose header algorithm differs from its key',
        token: async () => {
          const { kid } = await keys.signingKey();
          const { privateKey } = await generateKeyPair('RS256');
          return new SignJWT(valid()).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
        },
        description: 'the token is signed by a key the issuer does not publish',
      },
      {
        name: 'a token without kid',
        token: async () => {
          const key = await keys.signingKey();
          return new SignJWT(valid()).setProtectedHeader({ alg: 'ES256' }).sign(key.privateKey);
        },
        description: 'the token is signed by a key the issuer does not publish',
      },
      {
        name: 'a token that names no client',
        token: () => sign(without(valid(), 'sub')),
        description: 'the token names no client',
      },
      {
        name: 'three segments of garbage',
        token: () => Promise.resolve('abc.def.ghi'),
        description: 'the token is not a well-formed signed JWT',
      },
      {
        name: 'a tampered payload',
        token: async () => {
          const [head, , signature] = (await sign(valid())).split('.');
          const payload = Buffer.from(JSON.stringify({ ...valid(), scope: 'admin' })).toString(
            'base64url',
          );
          return `${head}.${payload}.${signature}`;
        },
        description: 'the token signature does not verify',
      },
      {
        name: 'characters a bearer token cannot hold',
        token: () => Promise.resolve('{"alg":"none"}'),
        description: 'the bearer token is malformed',
      },
      {
        name: 'two tokens',
        token: async () => `${await sign(valid())} ${await sign(valid())}`,
        description: 'the bearer token is malformed',
      },
    ];

    it.each(cases)('$name', async ({ token, description }) => {
      const exchange = createTestExchange({ authorization: `Bearer ${await token()}` });
      const err = await captureError(() => policy.onRequest?.(exchange));
      expect(err).toStrictEqual(
        new ProblemError('unauthorized', `${description}; obtain a new access token`),
      );
      expect(exchange.res.getHeader('WWW-Authenticate')).toBe(
        `Bearer realm="billing-v1", error="invalid_token", error_description="${description}"`,
      );
      expect(exchange.caller).toBeUndefined();
    });
  });

  it.each([
    { authorization: undefined, detail: 'expected an Authorization: Bearer header, got none' },
    { authorization: 'Basic Y3JtOnNlY3JldA==', detail: 'expected the Bearer scheme, got Basic' },
    { authorization: '   ', detail: 'expected an Authorization: Bearer header, got none' },
  ])('asks for a token without an error code when $authorization carries none', async (given) => {
    const headers = given.authorization === undefined ? {} : { authorization: given.authorization };
    const exchange = createTestExchange(headers);
    const err = await captureError(() => policy.onRequest?.(exchange));
    expect(err).toStrictEqual(new ProblemError('unauthorized', given.detail));
    expect(exchange.res.getHeader('WWW-Authenticate')).toBe('Bearer realm="billing-v1"');
  });

  it('accepts the scheme name in any case', async () => {
    const exchange = createTestExchange({ authorization: `bEARER ${await issue()}` });
    await policy.onRequest?.(exchange);
    expect(exchange.caller?.clientId).toBe('crm-sync');
  });

  it('refuses a token without the required scope with 403 insufficient_scope', async () => {
    const exchange = createTestExchange({
      authorization: `Bearer ${await issue(['orders:write'])}`,
    });
    const err = await captureError(() => policy.onRequest?.(exchange));
    expect(err).toStrictEqual(
      new ProblemError(
        'insufficient-scope',
        'expected a token with the scopes "orders:read", got "orders:write"',
      ),
    );
    expect(exchange.res.getHeader('WWW-Authenticate')).toBe(
      'Bearer realm="billing-v1", error="insufficient_scope", ' +
        'error_description="the token lacks a scope this operation requires", scope="orders:read"',
    );
  });

  it('admits a token that satisfies any one alternative of the security requirements', async () => {
    const scope = {
      ...ORDERS_SCOPE,
      security: [{ oauth: ['orders:read', 'orders:write'] }, { oauth: ['orders:admin'] }],
    };
    const passing = createTestExchange(
      { authorization: `Bearer ${await issue(['orders:admin'])}` },
      scope,
    );
    await policy.onRequest?.(passing);
    expect(passing.caller?.scopes).toStrictEqual(['orders:admin']);

    const failing = createTestExchange(
      { authorization: `Bearer ${await issue(['orders:read'])}` },
      scope,
    );
    expect(await captureError(() => policy.onRequest?.(failing))).toStrictEqual(
      new ProblemError(
        'insufficient-scope',
        'expected a token with the scopes "orders:read orders:write", got "orders:read"',
      ),
    );
  });
});
