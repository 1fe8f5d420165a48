import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import express from 'express';
import { generateKeyPair, SignJWT } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProblemError } from '../../../runtime/errors.js';
import { openStore, type Store } from '../../../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../../store/test-databases.js';
import {
  createJwksHandler,
  createKeyRing,
  createOAuth2Policy,
  createSigningKeys,
  createTokenEndpoint,
  issueAccessToken,
  type AuthenticatedClient,
  type SigningKeys,
} from './index.js';
import { signingKeysDb } from '../../../store/signing-keys.js';
import { createTestContext, createTestExchange, openSigningKeyStore } from './testing.js';
import { withService } from '../../../../test/services.js';

const ISSUER = 'https://id.example.test';
const AUDIENCE = 'billing-api';
const SECRET = 's3cret:+/ é';
const CLIENTS: Record<string, AuthenticatedClient & { secret: string }> = {
  'crm-sync': { clientId: 'crm-sync', secret: SECRET, scopes: ['orders:read', 'orders:write'] },
  broken: { clientId: 'broken', secret: 'any', scopes: [] },
};

function authenticateClient(clientId: string, secret: string) {
  if (clientId === 'broken') return Promise.reject(new Error('credentials store unreachable'));
  const client = CLIENTS[clientId];
  return Promise.resolve(client !== undefined && client.secret === secret ? client : undefined);
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

function basic(clientId: string, secret: string): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

const FORM = 'application/x-www-form-urlencoded';

describe('oauth2 token endpoint and JWKS over HTTP', () => {
  let database: TestDatabase;
  let store: Store;
  let keys: SigningKeys;
  let issuer: { server: Server; url: string };
  let brokenJwks: { server: Server; url: string };

  beforeAll(async () => {
    database = await createSqliteTestDatabase();
    store = await openSigningKeyStore(database.options);
    keys = createSigningKeys({ db: signingKeysDb(store) });
    const log = pino({ level: 'silent' });
    const endpoint = createTokenEndpoint({
      keys,
      issuer: ISSUER,
      audience: AUDIENCE,
      authenticateClient,
      log,
      maxBodyBytes: 1024,
    });
    const app = express();
    app.all('/oauth2/token', endpoint);
    app.post('/parsed/token', express.urlencoded({ extended: false }), endpoint);
    app.get('/.well-known/jwks.json', createJwksHandler({ keys }));
    issuer = await listen(app);

    const failing = express();
    failing.get('/jwks.json', (_req, res) => void res.status(500).send('down'));
    brokenJwks = await listen(failing);
  });

  afterAll(async () => {
    issuer.server.close();
    brokenJwks.server.close();
    await store.close();
    await database.drop();
  });

  const requestToken = (
    body: string,
    headers: Record<string, string> = {},
    path = '/oauth2/token',
  ) =>
    fetch(`${issuer.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': FORM, ...headers },
      body,
    });

  it('issues a token for HTTP Basic credentials that an external-issuer policy accepts', async () => {
    const response = await requestToken('grant_type=client_credentials', {
      authorization: basic('crm-sync', SECRET),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { access_token: token, ...rest } = (await response.json()) as Record<string, unknown>;
    expect(rest).toStrictEqual({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'orders:read orders:write',
    });

    const policy = createOAuth2Policy(
      { issuer: ISSUER, audience: AUDIENCE, jwksUrl: `${issuer.url}/.well-known/jwks.json` },
      createTestContext(store),
    );
    const exchange = createTestExchange({ authorization: `Bearer ${String(token)}` });
    await policy.onRequest?.(exchange);
    expect(exchange.caller).toStrictEqual({
      clientId: 'crm-sync',
      scopes: ['orders:read', 'orders:write'],
    });
  });

  it('grants only the requested scopes for credentials in the body', async () => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'crm-sync',
      client_secret: SECRET,
      scope: 'orders:read',
    });
    const response = await requestToken(body.toString());
    expect(response.status).toBe(200);
    expect(((await response.json()) as { scope: string }).scope).toBe('orders:read');
  });

  it('serves the public keys as a JWK set that verifiers may cache briefly', async () => {
    const response = await fetch(`${issuer.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const { keys: published } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(published.map((key) => key['kid'])).toStrictEqual([(await keys.signingKey()).kid]);
    expect(published.some((key) => 'd' in key)).toBe(false);
  });

  const valid = `grant_type=client_credentials&client_id=crm-sync&client_secret=${encodeURIComponent(SECRET)}`;
  const errorCases: {
    name: string;
    body: string;
    headers?: Record<string, string>;
    method?: string;
    path?: string;
    status: number;
    error: string;
    description: string;
  }[] = [
    {
      name: 'a JSON body',
      body: '{"grant_type":"client_credentials"}',
      headers: { 'content-type': 'application/json' },
      status: 400,
      error: 'invalid_request',
      description:
        "expected Content-Type application/x-www-form-urlencoded, got 'application/json'",
    },
    {
      name: 'no grant_type',
      body: 'client_id=crm-sync',
      status: 400,
      error: 'invalid_request',
      description: 'expected grant_type=client_credentials, got none',
    },
    {
      name: 'a repeated parameter',
      body: `${valid}&scope=orders:read&scope=orders:write`,
      status: 400,
      error: 'invalid_request',
      description: "expected parameter 'scope' once, got it twice",
    },
    {
      name: 'a repeated parameter a body parser already read',
      body: `${valid}&grant_type=client_credentials`,
      path: '/parsed/token',
      status: 400,
      error: 'invalid_request',
      description: "expected parameter 'grant_type' once, got it twice",
    },
    {
      name: 'a body over the limit',
      body: `${valid}&pad=${'x'.repeat(2000)}`,
      status: 400,
      error: 'invalid_request',
      description: 'expected a form body of at most 1024 bytes',
    },
    {
      name: 'another method than POST',
      body: '',
      method: 'PUT',
      status: 405,
      error: 'invalid_request',
      description: "expected POST, got 'PUT'",
    },
    {
      name: 'the password grant',
      body: 'grant_type=password&username=a&password=b',
      status: 400,
      error: 'unsupported_grant_type',
      description: "expected grant_type=client_credentials, got 'password'",
    },
    {
      name: 'no client authentication',
      body: 'grant_type=client_credentials',
      status: 401,
      error: 'invalid_client',
      description:
        'expected client authentication by HTTP Basic or client_id and client_secret, got none',
    },
    {
      name: 'a wrong secret',
      body: 'grant_type=client_credentials',
      headers: { authorization: basic('crm-sync', 'guess') },
      status: 401,
      error: 'invalid_client',
      description: 'the client id or secret is not valid',
    },
    {
      name: 'an unknown client',
      body: 'grant_type=client_credentials&client_id=nobody&client_secret=x',
      status: 401,
      error: 'invalid_client',
      description: 'the client id or secret is not valid',
    },
    {
      name: 'another authentication scheme',
      body: 'grant_type=client_credentials',
      headers: { authorization: 'Bearer abc' },
      status: 401,
      error: 'invalid_client',
      description: "expected HTTP Basic client authentication, got scheme 'Bearer'",
    },
    {
      name: 'two authentication methods',
      body: `grant_type=client_credentials&client_secret=${encodeURIComponent(SECRET)}`,
      headers: { authorization: basic('crm-sync', SECRET) },
      status: 400,
      error: 'invalid_request',
      description: 'expected one client authentication method, got HTTP Basic and client_secret',
    },
    {
      name: 'malformed Basic credentials',
      body: 'grant_type=client_credentials',
      headers: { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
      status: 400,
      error: 'invalid_request',
      description: 'expected HTTP Basic credentials as base64 of client_id:client_secret',
    },
    {
      name: 'a scope the client may not use',
      body: `${valid}&scope=orders:read%20admin`,
      status: 400,
      error: 'invalid_scope',
      description: "expected scopes the client may use, got 'admin'",
    },
    {
      name: 'an empty scope',
      body: `${valid}&scope=`,
      status: 400,
      error: 'invalid_scope',
      description: "expected scope as space-separated scope tokens, got ''",
    },
    {
      name: 'a scope with a quote',
      body: `${valid}&scope=%22orders%22`,
      status: 400,
      error: 'invalid_scope',
      description: "expected scope as space-separated scope tokens, got '?orders?'",
    },
    {
      name: 'a failing credentials store',
      body: 'grant_type=client_credentials&client_id=broken&client_secret=any',
      status: 500,
      error: 'server_error',
      description: 'the token could not be issued; try again later',
    },
  ];

  it.each(errorCases)('answers $name with $error', async (given) => {
    const response = await fetch(`${issuer.url}${given.path ?? '/oauth2/token'}`, {
      method: given.method ?? 'POST',
      headers: { 'content-type': FORM, ...given.headers },
      ...(given.method === undefined ? { body: given.body } : {}),
    });
    expect(response.status).toBe(given.status);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('www-authenticate')).toBe(
      given.error === 'invalid_client' ? 'Basic realm="junction", charset="UTF-8"' : null,
    );
    expect(await response.json()).toStrictEqual({
      error: given.error,
      error_description: given.description,
    });
  });

  it('refuses a token signed by a key the external issuer does not publish with 401', async () => {
    const policy = createOAuth2Policy(
      { issuer: ISSUER, audience: AUDIENCE, jwksUrl: `${issuer.url}/.well-known/jwks.json` },
      createTestContext(store),
    );
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'crm-sync' })
      .setProtectedHeader({ alg: 'ES256', kid: 'rogue' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(privateKey);
    const exchange = createTestExchange({ authorization: `Bearer ${token}` });
    await expect(policy.onRequest?.(exchange)).rejects.toStrictEqual(
      new ProblemError(
        'unauthorized',
        'the token is signed by a key the issuer does not publish; obtain a new access token',
      ),
    );
  });

  it.each([
    { name: 'answers 500', path: () => `${brokenJwks.url}/jwks.json` },
    { name: 'is not listening', path: () => 'http://127.0.0.1:1/jwks.json' },
  ])('answers 401, not 500, when the JWKS endpoint $name', async ({ path }) => {
    const policy = createOAuth2Policy(
      { issuer: ISSUER, audience: AUDIENCE, jwksUrl: path() },
      createTestContext(store),
    );
    const { token } = await issueAccessToken(
      keys,
      { issuer: ISSUER, audience: AUDIENCE },
      {
        clientId: 'crm-sync',
        scopes: ['orders:read'],
      },
    );
    const exchange = createTestExchange({ authorization: `Bearer ${token}` });
    await expect(policy.onRequest?.(exchange)).rejects.toStrictEqual(
      new ProblemError(
        'unauthorized',
        'the signing keys of the issuer could not be fetched; obtain a new access token',
      ),
    );
  });
});

function describeSharedKeys(label: string, createDatabase: () => Promise<TestDatabase>): void {
  describe(`signing keys shared through ${label}`, () => {
    let database: TestDatabase;
    let stores: Store[];

    beforeAll(async () => {
      database = await createDatabase();
      const first = await openSigningKeyStore(database.options);
      stores = [first, await openStore(database.options)];
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await database.drop();
    });

    it('lets one process verify tokens signed after another process rotated', async () => {
      const [one, two] = stores as [Store, Store];
      const issuerKeys = createSigningKeys({ db: signingKeysDb(one) });
      const settings = { issuer: ISSUER, audience: AUDIENCE };
      const grant = { clientId: 'crm-sync', scopes: ['orders:read'] };
      const ring = createKeyRing({ db: signingKeysDb(two), minReloadIntervalMs: 0 });
      const policy = createOAuth2Policy(
        { issuer: ISSUER, audience: AUDIENCE, local: true },
        createTestContext(two),
        { keyRing: ring },
      );
      const before = (await issueAccessToken(issuerKeys, settings, grant)).token;
      await policy.onRequest?.(createTestExchange({ authorization: `Bearer ${before}` }));

      await createSigningKeys({ db: signingKeysDb(two) }).rotate();
      await issuerKeys.reload();
      const after = (await issueAccessToken(issuerKeys, settings, grant)).token;
      for (const token of [before, after]) {
        const exchange = createTestExchange({ authorization: `Bearer ${token}` });
        await policy.onRequest?.(exchange);
        expect(exchange.caller?.clientId).toBe('crm-sync');
      }
      expect((await ring.publishedKeys()).keys).toHaveLength(2);
    });
  });
}

describeSharedKeys('SQLite', createSqliteTestDatabase);

withService('DATABASE_URL', 'signing keys shared through PostgreSQL', (url) =>
  describeSharedKeys('PostgreSQL', () => createPostgresTestDatabase(url)),
);
