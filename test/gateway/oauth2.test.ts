import { base64url, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  basicAuthorization,
  expectProblem,
  JSON_BODY,
  send,
  useApp,
  waitFor,
  type Answer,
  type RegisteredClient,
} from './harness.js';

const ISSUER = 'urn:junction:gateway';
const AUDIENCE = 'urn:junction:apis';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('oauth2 configured through the platform API on billing-v1', () => {
  const suite = useApp();
  let client: RegisteredClient;
  let token = '';

  const accounts = (init: RequestInit = {}) => send(suite.url('/billing/v1/accounts'), init);
  const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
  const invalidToken = (description: string) =>
    `Bearer realm="billing-v1", error="invalid_token", error_description="${description}"`;
  const requestToken = (body: string) =>
    send(suite.url('/oauth2/token'), {
      method: 'POST',
      headers: { ...FORM, authorization: basicAuthorization(client.clientId, client.secret) },
      body,
    });

  beforeAll(async () => {
    const { platform } = suite;
    client = await platform.registerClient(['billing.read']);
    token = accessTokenOf(await requestToken('grant_type=client_credentials'));
    const config = { issuer: ISSUER, audience: AUDIENCE, local: true };
    await platform.putPolicy('billing-v1', 'oauth2', config);
    // The stored policy is in force once a request without a token is refused.
    await waitFor(accounts, (answer) => answer.status === 401, 'the oauth2 policy');
  });

  it('issues a billing.read token to a client allowed that scope', async () => {
    const answer = await requestToken('grant_type=client_credentials');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(answer.text)).toStrictEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) as unknown,
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'billing.read',
    });
  });

  it('refuses a token for billing.write, which the client may not use', async () => {
    const answer = await requestToken('grant_type=client_credentials&scope=billing.write');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toStrictEqual({
      error: 'invalid_scope',
      error_description: "expected scopes the client may use, got 'billing.write'",
    });
  });

  it('admits GET /accounts with the billing.read token', async () => {
    const answer = await accounts({ headers: bearer(token) });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('refuses POST /accounts with 403 insufficient-scope naming billing.write', async () => {
    const answer = await accounts({
      method: 'POST',
      headers: { ...bearer(token), ...JSON_BODY },
      body: '{}',
    });
    expectProblem(
      answer,
      403,
      'insufficient-scope',
      'expected a token with the scopes "billing.write", got "billing.read"',
    );
    expect(answer.headers.get('www-authenticate')).toBe(
      'Bearer realm="billing-v1", error="insufficient_scope", ' +
        'error_description="the token lacks a scope this operation requires", ' +
        'scope="billing.write"',
    );
  });

  it('refuses a request without a token with 401 and a bare Bearer challenge', async () => {
    const answer = await accounts();
    expectProblem(
      answer,
      401,
      'unauthorized',
      'expected an Authorization: Bearer header, got none',
    );
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="billing-v1"');
  });

  const forged: { name: string; forge: (token: string) => Promise<string>; reason: string }[] = [
    {
      name: 'an unsigned token (alg none)',
      forge: () => Promise.resolve(unsignedToken()),
      reason: 'the token is signed with an algorithm this API does not accept',
    },
    {
      name: 'a token signed by a foreign key under the gateway key id',
      forge: (genuine) => signWithForeignKey(genuine),
      reason: 'the token signature does not verify',
    },
    {
      name: 'a token whose payload was altered after signing',
      forge: (genuine) => Promise.resolve(withAlteredPayload(genuine)),
      reason: 'the token signature does not verify',
    },
    {
      name: 'garbage after Bearer',
      forge: () => Promise.resolve('%%not-a-token%%'),
      reason: 'the bearer token is malformed',
    },
    {
      name: 'three base64url segments that are no JWT',
      forge: () => Promise.resolve('abc.def.ghi'),
      reason: 'the token is not a well-formed signed JWT',
    },
  ];

  it.each(forged)('refuses $name with 401 invalid_token, never 500', async ({ forge, reason }) => {
    const forgedToken = await forge(token);
    for (const method of ['GET', 'POST']) {
      const answer = await accounts({
        method,
        headers: { ...bearer(forgedToken), ...JSON_BODY },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expectProblem(answer, 401, 'unauthorized', `${reason}; obtain a new access token`);
      expect(answer.headers.get('www-authenticate')).toBe(invalidToken(reason));
    }
  });

  it('stops enforcing once the stored policy is deleted', async () => {
    await suite.platform.deletePolicy('billing-v1', 'oauth2');
    const open = await waitFor(accounts, (answer) => answer.status !== 401, 'no oauth2 policy');
    expect(open.status, open.text).toBe(200);
  });
});

/** The access token of a successful token response; throws with the response otherwise. */
function accessTokenOf(answer: Answer): string {
  const body = JSON.parse(answer.text) as { access_token?: unknown };
  if (answer.status !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`expected an access token, got ${answer.status} ${answer.text}`);
  }
  return body.access_token;
}

/** A token with `alg: none`, valid claims and an empty signature. */
function unsignedToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: object) => base64url.encode(JSON.stringify(value));
  const header = encode({ alg: 'none', typ: 'JWT' });
  const payload = encode({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'cli_forgedForgedForgedForge',
    client_id: 'cli_forgedForgedForgedForge',
    scope: 'billing.read billing.write',
    iat: now,
    exp: now + 300,
  });
  return `${header}.${payload}.`;
}

/** The genuine token's claims and header, signed by a key the gateway never published. */
async function signWithForeignKey(genuine: string): Promise<string> {
  const header = decodeProtectedHeader(genuine);
  const alg = header.alg ?? 'ES256';
  const { privateKey } = await generateKeyPair(alg);
  return new SignJWT(claimsOf(genuine)).setProtectedHeader({ ...header, alg }).sign(privateKey);
}

/** The genuine token with `billing.write` added to its scope and its signature kept. */
function withAlteredPayload(genuine: string): string {
  const [header, , signature] = genuine.split('.');
  const claims = { ...claimsOf(genuine), scope: 'billing.read billing.write' };
  return `${header}.${base64url.encode(JSON.stringify(claims))}.${signature}`;
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
}
