import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Store } from '../../../store/index.js';
import { createSqliteTestDatabase, type TestDatabase } from '../../../store/test-databases.js';
import { PolicyConfigError } from '../../policy.js';
import { OAUTH2_CONFIG_SCHEMA, oauth2, type OAuth2Config } from './index.js';
import { createTestContext, openSigningKeyStore } from './testing.js';

const ISSUER = 'https://api.example.com';
const AUDIENCE = 'billing-api';
const config: OAuth2Config = { issuer: ISSUER, audience: AUDIENCE, local: true };

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return new Error('expected an error, but none was thrown');
}

describe('oauth2 configuration', () => {
  const ALGORITHMS =
    'one of ES256, ES384, ES512, EdDSA, Ed25519, RS256, RS384, RS512, PS256, PS384, PS512; ' +
    '"none" and HS* are refused because a validator holding only public keys must never accept ' +
    'a shared-secret or unsigned token';
  const cases: {
    name: string;
    config: OAuth2Config;
    key: string;
    value: unknown;
    expected: string;
  }[] = [
    {
      name: 'alg none',
      config: { ...config, algorithms: ['ES256', 'none'] },
      key: 'algorithms[1]',
      value: 'none',
      expected: ALGORITHMS,
    },
    {
      name: 'HS256',
      config: { ...config, algorithms: ['HS256'] },
      key: 'algorithms[0]',
      value: 'HS256',
      expected: ALGORITHMS,
    },
    {
      name: 'an empty algorithm list',
      config: { ...config, algorithms: [] },
      key: 'algorithms',
      value: [],
      expected: `a non-empty list of ${ALGORITHMS}`,
    },
    {
      name: 'both a JWKS URL and local keys',
      config: { ...config, jwksUrl: 'https://id.example.com/jwks' },
      key: 'jwksUrl',
      value: 'https://id.example.com/jwks',
      expected:
        "exactly one of jwksUrl (an external issuer) or local: true (this gateway's own keys)",
    },
    {
      name: 'neither a JWKS URL nor local keys',
      config: { issuer: ISSUER, audience: AUDIENCE },
      key: 'jwksUrl',
      value: null,
      expected:
        "exactly one of jwksUrl (an external issuer) or local: true (this gateway's own keys)",
    },
    {
      name: 'a clear-text JWKS URL to a remote host',
      config: { issuer: ISSUER, audience: AUDIENCE, jwksUrl: 'http://id.example.com/jwks' },
      key: 'jwksUrl',
      value: 'http://id.example.com/jwks',
      expected:
        'an https:// URL (http:// only for localhost), because keys fetched in clear text can be forged',
    },
    {
      name: 'a clock skew over five minutes',
      config: { ...config, clockSkewSeconds: 301 },
      key: 'clockSkewSeconds',
      value: 301,
      expected: 'a whole number from 0 to 300',
    },
    {
      name: 'an empty audience list',
      config: { ...config, audience: [] },
      key: 'audience',
      value: [],
      expected: 'a non-empty string or list of strings',
    },
    {
      name: 'an empty issuer',
      config: { ...config, issuer: '' },
      key: 'issuer',
      value: '',
      expected: 'the non-empty "iss" of the tokens',
    },
  ];

  let database: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    database = await createSqliteTestDatabase();
    store = await openSigningKeyStore(database.options);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it.each(cases)('refuses $name and says what it expected', (given) => {
    const err = captureError(() => oauth2.create(given.config, createTestContext(store)));
    expect(err).toStrictEqual(new PolicyConfigError(given.key, given.value, given.expected));
  });

  it('declares a schema that refuses none, HS*, both key sources and an excessive skew', () => {
    const validate = new Ajv({ allErrors: true }).compile(OAUTH2_CONFIG_SCHEMA);
    const remote = { issuer: ISSUER, audience: [AUDIENCE], jwksUrl: 'https://id.example.com/jwks' };
    expect(validate(remote)).toBe(true);
    expect(validate({ ...config, algorithms: ['EdDSA'], clockSkewSeconds: 300 })).toBe(true);
    expect(validate({ ...config, algorithms: ['none'] })).toBe(false);
    expect(validate({ ...config, algorithms: ['HS256'] })).toBe(false);
    expect(validate({ ...remote, local: true })).toBe(false);
    expect(validate({ issuer: ISSUER, audience: AUDIENCE, local: false })).toBe(false);
    expect(validate({ ...config, clockSkewSeconds: 301 })).toBe(false);
    expect(validate({ ...config, scopes: ['x'] })).toBe(false);
  });
});
