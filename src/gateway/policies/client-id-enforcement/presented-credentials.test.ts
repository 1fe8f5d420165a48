import { describe, expect, it } from 'vitest';

import {
  MAX_CLIENT_ID_LENGTH,
  MAX_SECRET_LENGTH,
  readCredentials,
} from './presented-credentials.js';
import type { CredentialSources } from './presented-credentials.js';

const DEFAULTS: CredentialSources = {
  clientIdHeader: 'client_id',
  clientSecretHeader: 'client_secret',
  basic: true,
};

const basic = (credentials: string) => ({
  authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
});
const headers = (clientId: string, secret: string) => ({
  client_id: clientId,
  client_secret: secret,
});

describe('readCredentials', () => {
  const accepted = [
    { name: 'the two headers', sources: DEFAULTS, given: headers('acme', 's3cret') },
    { name: 'HTTP Basic', sources: DEFAULTS, given: basic('acme:s3cret') },
    {
      name: 'a lower-case basic scheme',
      sources: DEFAULTS,
      given: { authorization: `basic ${basic('acme:s3cret').authorization.slice(6)}` },
    },
    {
      name: 'headers with surrounding blanks',
      sources: DEFAULTS,
      given: headers(' acme ', 's3cret '),
    },
    {
      name: 'configured header names',
      sources: {
        ...DEFAULTS,
        clientIdHeader: 'x-client-id',
        clientSecretHeader: 'x-client-secret',
      },
      given: { 'x-client-id': 'acme', 'x-client-secret': 's3cret' },
    },
    {
      name: 'headers alongside a bearer token',
      sources: DEFAULTS,
      given: { ...headers('acme', 's3cret'), authorization: 'Bearer abc' },
    },
    {
      name: 'headers alongside Basic when basic is off',
      sources: { ...DEFAULTS, basic: false },
      given: { ...headers('acme', 's3cret'), ...basic('other:secret') },
    },
  ];
  for (const { name, sources, given } of accepted) {
    it(`reads acme and s3cret from ${name}`, () => {
      expect(readCredentials(given, sources)).toStrictEqual({
        ok: true,
        clientId: 'acme',
        secret: 's3cret',
      });
    });
  }

  it('splits Basic credentials at the first colon, so secrets may contain colons', () => {
    expect(readCredentials(basic('acme:se:cr:et'), DEFAULTS)).toStrictEqual({
      ok: true,
      clientId: 'acme',
      secret: 'se:cr:et',
    });
  });

  const none =
    'The request carries no client credentials: expected the client_id and client_secret headers or an Authorization: Basic header.';
  const basicExpected = 'expected "Basic " followed by base64 of client-id:client-secret.';
  const notBasic = `The Authorization header is not valid Basic credentials: ${basicExpected}`;
  const incomplete = `The Basic credentials lack a client id or a secret: ${basicExpected}`;
  const refused = [
    { name: 'no credentials at all', given: {}, detail: none },
    { name: 'a bearer token only', given: { authorization: 'Bearer abc' }, detail: none },
    { name: 'blank headers', given: headers(' ', ''), detail: none },
    {
      name: 'Basic when basic is off',
      sources: { ...DEFAULTS, basic: false },
      given: basic('acme:s3cret'),
      detail:
        'The request carries no client credentials: expected the client_id and client_secret headers.',
    },
    {
      name: 'a client id without a secret',
      given: { client_id: 'acme' },
      detail: 'The request carries the client_id header but not client_secret; send both.',
    },
    {
      name: 'a secret without a client id',
      given: { client_secret: 's3cret' },
      detail: 'The request carries the client_secret header but not client_id; send both.',
    },
    {
      name: 'credentials both in headers and in Basic',
      given: { ...headers('acme', 's3cret'), ...basic('acme:s3cret') },
      detail:
        'The request carries client credentials both in the client_id/client_secret headers and in Authorization: Basic; send them one way only.',
    },
    { name: 'a Basic scheme without a token', given: { authorization: 'Basic' }, detail: notBasic },
    {
      name: 'a token that is not base64',
      given: { authorization: 'Basic ac!me:s3cret' },
      detail: notBasic,
    },
    {
      name: 'a truncated base64 token',
      given: { authorization: 'Basic YWNtZTpzM2NyZXQ' },
      detail: notBasic,
    },
    { name: 'a decoded value without a colon', given: basic('acme'), detail: incomplete },
    { name: 'an empty client id', given: basic(':s3cret'), detail: incomplete },
    { name: 'an empty secret', given: basic('acme:'), detail: incomplete },
    {
      name: 'bytes that are not UTF-8',
      given: { authorization: `Basic ${Buffer.from([0xff, 0x3a, 0x41, 0x42]).toString('base64')}` },
      detail: `The Basic credentials are not UTF-8 text: ${basicExpected}`,
    },
    {
      name: 'a control character',
      given: basic('acme:s3\u0000cret'),
      detail: `The Basic credentials contain control characters: ${basicExpected}`,
    },
    {
      name: 'an over-long client id',
      given: headers('a'.repeat(MAX_CLIENT_ID_LENGTH + 1), 's3cret'),
      detail: 'The client id is 257 characters long; at most 256 are accepted.',
    },
    {
      name: 'an over-long secret',
      given: basic(`acme:${'s'.repeat(MAX_SECRET_LENGTH + 1)}`),
      detail: 'The client secret is 1025 characters long; at most 1024 are accepted.',
    },
  ];
  for (const { name, sources, given, detail } of refused) {
    it(`refuses ${name}, saying what was expected`, () => {
      expect(readCredentials(given, sources ?? DEFAULTS)).toStrictEqual({ ok: false, detail });
    });
  }
});
