import { describe, expect, it } from 'vitest';
import type { StoredCredential } from './index.js';
import {
  send,
  basic,
  API,
  CHALLENGE,
  APPROVED,
  REFUSED,
  ACCEPTED,
  active,
  setup,
  headers,
} from './testing.js';

describe('client-id-enforcement: reading credentials', () => {
  it('is named client-id-enforcement', async () => {
    const { factory } = await setup();
    expect(factory.name).toBe('client-id-enforcement');
  });

  const accepted = [
    { name: 'the client_id and client_secret headers', request: headers('acme', 's3cret') },
    { name: 'HTTP Basic credentials', request: basic('acme:s3cret') },
  ];
  for (const { name, request } of accepted) {
    it(`accepts ${name} and sets the caller to the client and its plan`, async () => {
      const { policy } = await setup();
      expect(await send(policy, request)).toStrictEqual(ACCEPTED);
    });
  }

  it('reads credentials from configured header names, case-insensitively', async () => {
    const { policy } = await setup({
      headers: { clientId: 'X-Client-Id', clientSecret: 'X-Client-Secret' },
    });
    const request = { 'x-client-id': 'acme', 'X-CLIENT-SECRET': 's3cret' };
    expect(await send(policy, request)).toStrictEqual(ACCEPTED);
    expect((await send(policy, headers('acme', 's3cret'))).status).toBe(401);
  });

  const unreadable = [
    {
      name: 'a request without credentials',
      config: {},
      request: {},
      detail:
        'The request carries no client credentials: expected the client_id and client_secret headers or an Authorization: Basic header.',
    },
    {
      name: 'a malformed Basic header',
      config: {},
      request: { authorization: 'Basic ac!me:s3cret' },
      detail:
        'The Authorization header is not valid Basic credentials: expected "Basic " followed by base64 of client-id:client-secret.',
    },
    {
      name: 'Basic credentials when basic is off',
      config: { basic: false },
      request: basic('acme:s3cret'),
      detail:
        'The request carries no client credentials: expected the client_id and client_secret headers.',
    },
  ];
  for (const { name, config, request, detail } of unreadable) {
    it(`answers ${name} with 401 and a Basic challenge, before any lookup`, async () => {
      const { policy, counts } = await setup(config);
      expect(await send(policy, request)).toStrictEqual({
        status: 401,
        code: 'unauthorized',
        detail,
        headers: CHALLENGE,
      });
      expect(counts).toStrictEqual({ verify: 0, decoy: 0 });
    });
  }
});

describe('client-id-enforcement: refusing credentials alike', () => {
  const past = '2025-06-01T11:59:59Z';
  const future = '2025-06-01T13:00:00Z';
  const refusals = [
    { name: 'an unknown client id', request: headers('nobody', 's3cret') },
    { name: 'a wrong secret', request: headers('acme', 'wrong') },
    { name: 'a wrong secret over Basic', request: basic('acme:wrong') },
    { name: 'a disabled client with its right secret', request: headers('dormant', 's3cret') },
    { name: 'a revoked credential', request: headers('revoked', 's3cret') },
    { name: 'an expired rotating credential', request: headers('rotated', 's3cret') },
    { name: 'a rotating credential without an expiry', request: headers('unbounded', 's3cret') },
    { name: 'an active credential past its expiry', request: headers('lapsed', 's3cret') },
    { name: 'a credential with an unreadable expiry', request: headers('garbled', 's3cret') },
    { name: 'a client without credentials', request: headers('bare', 's3cret') },
  ];
  const fakeHash = 'fake:s3cret';
  for (const { name, request } of refusals) {
    it(`answers ${name} with the same 401 after exactly one verification`, async () => {
      const { directory, policy, counts } = await setup();
      directory.add('dormant', [active('d-1', 's3cret')], APPROVED, 'disabled');
      directory.add('revoked', [{ id: 'r-1', secretHash: fakeHash, status: 'revoked' }], APPROVED);
      const rotating = (expiresAt?: string): StoredCredential[] => [
        {
          id: 'x-1',
          secretHash: fakeHash,
          status: 'rotating',
          ...(expiresAt ? { expiresAt } : {}),
        },
        active('x-2', 'other'),
      ];
      directory.add('rotated', rotating(past), APPROVED);
      directory.add('unbounded', rotating(), APPROVED);
      directory.add('lapsed', [{ ...active('l-1', 's3cret'), expiresAt: past }], APPROVED);
      directory.add('garbled', [{ ...active('g-1', 's3cret'), expiresAt: 'soon' }], APPROVED);
      directory.add('bare', [], APPROVED);

      expect(await send(policy, request)).toStrictEqual(REFUSED);
      expect(counts.verify + counts.decoy).toBe(1);
    });
  }

  it('checks each credential during a rotation, so a wrong secret then costs one per credential', async () => {
    const { directory, policy, counts } = await setup();
    directory.add(
      'acme',
      [
        active('acme-2', 'new'),
        { ...active('acme-1', 'old'), status: 'rotating', expiresAt: future },
      ],
      APPROVED,
    );
    expect(await send(policy, headers('acme', 'wrong'))).toStrictEqual(REFUSED);
    expect(counts).toStrictEqual({ verify: 2, decoy: 0 });
  });
});

describe('client-id-enforcement: rotation and revocation', () => {
  it('accepts the old secret until the rotation ends, and the new one throughout', async () => {
    const { directory, policy, clock } = await setup();
    const expiresAt = new Date(clock.now() + 3_600_000).toISOString();
    directory.add(
      'acme',
      [active('acme-2', 'new'), { ...active('acme-1', 'old'), status: 'rotating', expiresAt }],
      APPROVED,
    );
    expect(await send(policy, headers('acme', 'old'))).toStrictEqual(ACCEPTED);
    expect(await send(policy, headers('acme', 'new'))).toStrictEqual(ACCEPTED);

    clock.advance(3_600_000);
    expect(await send(policy, headers('acme', 'old'))).toStrictEqual(REFUSED);
    expect(await send(policy, headers('acme', 'new'))).toStrictEqual(ACCEPTED);
  });

  it('refuses a revoked credential on the next request even though its secret is cached', async () => {
    const { directory, policy, counts } = await setup();
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    expect(counts.verify).toBe(1);

    directory.credentialLists.set('acme', [{ ...active('acme-1', 's3cret'), status: 'revoked' }]);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(REFUSED);
  });

  it('refuses a client disabled after its secret was cached', async () => {
    const { directory, policy } = await setup();
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    directory.add('acme', [active('acme-1', 's3cret')], APPROVED, 'disabled');
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(REFUSED);
  });

  it('does not let a cached secret vouch for a credential whose hash changed', async () => {
    const { directory, policy, counts } = await setup();
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    directory.add('acme', [active('acme-1', 'replaced')], APPROVED);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(REFUSED);
    expect(counts.verify).toBe(2);
  });
});

describe('client-id-enforcement: subscriptions', () => {
  const cases = [
    {
      name: 'no subscription to this API',
      subscription: undefined,
      detail:
        'Client "acme" is not subscribed to "canonical-v1": subscribe and have the subscription approved.',
    },
    {
      name: 'a pending subscription',
      subscription: { status: 'pending', planId: 'gold' },
      detail: `Client "acme"'s subscription to "canonical-v1" is pending approval: wait for an API owner to approve it.`,
    },
    {
      name: 'a revoked subscription',
      subscription: { status: 'revoked', planId: 'gold' },
      detail: `Client "acme"'s subscription to "canonical-v1" is revoked, not approved: ask an API owner to restore it.`,
    },
  ];
  for (const { name, subscription, detail } of cases) {
    it(`answers valid credentials with ${name} with 403 saying why`, async () => {
      const { directory, policy } = await setup();
      directory.subscriptions.clear();
      directory.subscriptions.set('acme other-v1', { status: 'approved', planId: 'gold' });
      if (subscription) directory.subscriptions.set(`acme ${API}`, subscription);
      expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual({
        status: 403,
        code: 'forbidden',
        detail,
        headers: {},
      });
    });
  }

  it('reads the subscription on every request, cached secret or not', async () => {
    const { directory, policy } = await setup();
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    directory.subscriptions.set(`acme ${API}`, { status: 'revoked', planId: 'gold' });
    expect((await send(policy, headers('acme', 's3cret'))).status).toBe(403);
  });

  it('answers 503 when the directory cannot be read', async () => {
    const { directory, policy } = await setup();
    directory.failure = new Error('connection refused');
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual({
      status: 503,
      code: 'unavailable',
      detail: 'The client directory could not be read: retry the request later.',
      headers: {},
    });
  });
});
