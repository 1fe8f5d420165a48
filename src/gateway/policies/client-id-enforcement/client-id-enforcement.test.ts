import { setImmediate } from 'node:timers/promises';

import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../observability/logger.js';
import { ProblemError } from '../../../runtime/errors.js';
import { generateSecret, hashSecret } from '../../../security/secrets.js';
import { PolicyConfigError } from '../../policy.js';
import type { Caller, Exchange, Policy, PolicyContext } from '../../policy.js';
import {
  CLIENT_ID_CONFIG_SCHEMA,
  INVALID_CREDENTIALS,
  argon2Verifier,
  createClientIdEnforcement,
} from './index.js';
import type {
  ClientDirectory,
  ClientIdConfig,
  ClientIdEnforcementOptions,
  SecretVerifier,
  StoredClient,
  StoredCredential,
  StoredSubscription,
} from './index.js';

/** An in-memory client directory whose records tests change between requests. */
class FakeDirectory implements ClientDirectory {
  readonly clients = new Map<string, StoredClient>();
  readonly credentialLists = new Map<string, StoredCredential[]>();
  readonly subscriptions = new Map<string, StoredSubscription>();
  failure: Error | undefined;

  /** Adds an active client with the given credentials and subscriptions by API id. */
  add(
    clientId: string,
    credentials: StoredCredential[],
    subscriptions: Record<string, StoredSubscription> = {},
    status = 'active',
  ): void {
    this.clients.set(clientId, { id: clientId, status, allowedScopes: [] });
    this.credentialLists.set(clientId, credentials);
    for (const [apiId, subscription] of Object.entries(subscriptions)) {
      this.subscriptions.set(`${clientId} ${apiId}`, subscription);
    }
  }

  client(clientId: string): Promise<StoredClient | undefined> {
    return this.answer(this.clients.get(clientId));
  }

  credentials(clientId: string): Promise<readonly StoredCredential[]> {
    return this.answer(this.credentialLists.get(clientId) ?? []);
  }

  subscription(clientId: string, apiId: string): Promise<StoredSubscription | undefined> {
    return this.answer(this.subscriptions.get(`${clientId} ${apiId}`));
  }

  private answer<T>(value: T): Promise<T> {
    return this.failure === undefined ? Promise.resolve(value) : Promise.reject(this.failure);
  }
}

/** A verifier whose "hash" of a secret is `fake:<secret>`, counting the verifications it runs. */
function countingVerifier(inner?: SecretVerifier): {
  verifier: SecretVerifier;
  counts: { verify: number; decoy: number };
} {
  const counts = { verify: 0, decoy: 0 };
  const verifier: SecretVerifier = {
    async verify(storedHash, secret) {
      counts.verify += 1;
      if (inner) return inner.verify(storedHash, secret);
      await setImmediate();
      return storedHash === `fake:${secret}`;
    },
    async decoy(secret) {
      counts.decoy += 1;
      if (inner) return inner.decoy(secret);
      await setImmediate();
      return false;
    },
  };
  return { verifier, counts };
}

/** A clock that stands still until a test moves it. */
function manualClock(start = Date.parse('2025-06-01T12:00:00Z')): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

// The policy reads no shared service when it is created.
const context = {
  apiId: 'canonical-v1',
  log: createLogger('silent'),
} as unknown as PolicyContext;

/** What the policy made of one request: the caller it set, or the problem it threw. */
interface Answer {
  status: number;
  code?: string;
  detail?: string;
  caller?: Caller;
  headers: Record<string, string>;
}

/** Runs the policy's request phase over a request with `headers` to `apiId`. */
async function send(
  policy: Policy,
  headers: Record<string, string>,
  apiId = 'canonical-v1',
): Promise<Answer> {
  const sent: Record<string, string> = {};
  const lowerCased = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
  // Only the parts of the exchange the policy reads: request headers, setHeader, scope, log.
  const exchange = {
    req: { headers: lowerCased },
    res: { setHeader: (name: string, value: string) => (sent[name.toLowerCase()] = value) },
    scope: { apiId },
    log: createLogger('silent'),
    clientAddress: '127.0.0.1',
  } as unknown as Exchange;
  try {
    await policy.onRequest?.(exchange);
    const answer: Answer = { status: 200, headers: sent };
    if (exchange.caller) answer.caller = exchange.caller;
    return answer;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return { status: err.status, code: err.code, detail: err.detail, headers: sent };
  }
}

/** An `Authorization: Basic` header for `credentials` (`id:secret`). */
function basic(credentials: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

const API = 'canonical-v1';
const CHALLENGE = { 'www-authenticate': 'Basic realm="canonical-v1"' };
const APPROVED: Record<string, StoredSubscription> = {
  [API]: { status: 'approved', planId: 'gold' },
};
const REFUSED: Answer = {
  status: 401,
  code: 'unauthorized',
  detail: INVALID_CREDENTIALS,
  headers: CHALLENGE,
};
const ACCEPTED: Answer = { status: 200, caller: { clientId: 'acme', planId: 'gold' }, headers: {} };

function active(id: string, secret: string): StoredCredential {
  return { id, secretHash: `fake:${secret}`, status: 'active' };
}

/** A policy over a directory holding client `acme` (secret `s3cret`, approved, plan gold). */
async function setup(
  config: ClientIdConfig = {},
  options: Partial<ClientIdEnforcementOptions> = {},
) {
  const directory = new FakeDirectory();
  directory.add('acme', [active('acme-1', 's3cret')], APPROVED);
  const clock = manualClock();
  const { verifier, counts } = countingVerifier();
  const factory = createClientIdEnforcement(directory, { clock: clock.now, verifier, ...options });
  const policy = await factory.create(config, context);
  counts.decoy = 0; // the decoy warm-up of create()
  return { directory, clock, counts, policy, factory };
}

const headers = (clientId: string, secret: string) => ({
  client_id: clientId,
  client_secret: secret,
});

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

describe('client-id-enforcement: verification caches', () => {
  it('skips Argon2id for a secret verified within the cache TTL, and only then', async () => {
    const { policy, counts, clock } = await setup({}, { cacheTtlMs: 60_000 });
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    clock.advance(59_999);
    expect(await send(policy, basic('acme:s3cret'))).toStrictEqual(ACCEPTED);
    expect(counts.verify).toBe(1);

    clock.advance(1);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    expect(counts.verify).toBe(2);
  });

  it('shares the cache across the APIs that use the policy', async () => {
    const { directory, factory, policy, counts } = await setup();
    directory.subscriptions.set('acme other-v1', { status: 'approved', planId: 'silver' });
    const other = await factory.create({}, context);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    expect((await send(other, headers('acme', 's3cret'), 'other-v1')).caller).toStrictEqual({
      clientId: 'acme',
      planId: 'silver',
    });
    expect(counts.verify).toBe(1);
  });

  const repeated = [
    { name: 'a wrong secret', request: headers('acme', 'wrong'), want: { verify: 1, decoy: 0 } },
    { name: 'an unknown id', request: headers('nobody', 'wrong'), want: { verify: 0, decoy: 1 } },
  ];
  for (const { name, request, want } of repeated) {
    it(`refuses ${name} repeated within the rejection TTL without verifying again`, async () => {
      const { policy, counts, clock } = await setup({}, { rejectionTtlMs: 10_000 });
      for (let i = 0; i < 3; i += 1) expect(await send(policy, request)).toStrictEqual(REFUSED);
      expect(counts).toStrictEqual(want);

      clock.advance(10_000);
      expect(await send(policy, request)).toStrictEqual(REFUSED);
      expect(counts.verify + counts.decoy).toBe(2);
    });
  }

  it('verifies each new guess in full', async () => {
    const { policy, counts } = await setup();
    for (const guess of ['a', 'b', 'c']) await send(policy, headers('acme', guess));
    expect(counts.verify).toBe(3);
  });

  it('still accepts the right secret after a wrong one was refused', async () => {
    const { policy } = await setup();
    expect(await send(policy, headers('acme', 'wrong'))).toStrictEqual(REFUSED);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
  });

  it('keeps refusing a pair until its entry expires, even once the client is re-enabled', async () => {
    const { directory, policy, clock } = await setup({}, { rejectionTtlMs: 10_000 });
    directory.add('acme', [active('acme-1', 's3cret')], APPROVED, 'disabled');
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(REFUSED);
    directory.add('acme', [active('acme-1', 's3cret')], APPROVED);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(REFUSED);
    clock.advance(10_000);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
  });

  it('runs one verification for concurrent identical requests', async () => {
    const { policy, counts } = await setup();
    const wrong = await Promise.all([1, 2, 3].map(() => send(policy, headers('acme', 'bad'))));
    const right = await Promise.all([1, 2, 3].map(() => send(policy, headers('acme', 's3cret'))));
    expect(wrong).toStrictEqual([REFUSED, REFUSED, REFUSED]);
    expect(right).toStrictEqual([ACCEPTED, ACCEPTED, ACCEPTED]);
    expect(counts.verify).toBe(2);
  });
});

describe('client-id-enforcement: configuration', () => {
  const validate = new Ajv({ strict: false }).compile(CLIENT_ID_CONFIG_SCHEMA);
  const cases = [
    { name: 'no settings', config: {}, valid: true },
    {
      name: 'custom header names and Basic off',
      config: {
        headers: { clientId: 'X-Client-Id', clientSecret: 'X-Client-Secret' },
        basic: false,
      },
      valid: true,
    },
    { name: 'an empty header name', config: { headers: { clientId: '' } }, valid: false },
    {
      name: 'a header name with a space',
      config: { headers: { clientSecret: 'client secret' } },
      valid: false,
    },
    { name: 'a non-boolean basic', config: { basic: 'yes' }, valid: false },
    { name: 'an unknown setting', config: { header: {} }, valid: false },
    { name: 'an unknown header key', config: { headers: { apiKey: 'x-api-key' } }, valid: false },
  ];
  for (const { name, config, valid } of cases) {
    it(`${valid ? 'accepts' : 'rejects'} ${name}`, () => {
      expect(validate(config)).toBe(valid);
    });
  }

  it('names the empty header name in the schema error', () => {
    expect(validate({ headers: { clientId: '' } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      instancePath: '/headers/clientId',
      keyword: 'minLength',
    });
  });

  it('refuses one header name for both the id and the secret', async () => {
    const { factory } = await setup();
    const config = { headers: { clientId: 'X-Client', clientSecret: 'x-client' } };
    await expect(factory.create(config, context)).rejects.toThrow(
      new PolicyConfigError(
        'headers.clientSecret',
        'x-client',
        'a header name other than headers.clientId ("x-client")',
      ),
    );
  });

  it('refuses the Authorization header as a credential header while Basic is on', async () => {
    const { factory } = await setup();
    const config = { headers: { clientSecret: 'Authorization' } };
    await expect(factory.create(config, context)).rejects.toThrow(
      'headers.clientSecret="authorization" is not valid: expected a header other than Authorization while basic is on',
    );
    await expect(factory.create({ ...config, basic: false }, context)).resolves.toBeDefined();
  });
});

describe('client-id-enforcement with Argon2id', () => {
  let directory: FakeDirectory;
  let policy: Policy;
  let counts: { verify: number; decoy: number };

  beforeAll(async () => {
    directory = new FakeDirectory();
    directory.add(
      'acme',
      [{ id: 'acme-1', secretHash: await hashSecret('s3cret'), status: 'active' }],
      APPROVED,
    );
    const counting = countingVerifier(argon2Verifier);
    counts = counting.counts;
    policy = await createClientIdEnforcement(directory, { verifier: counting.verifier }).create(
      {},
      context,
    );
  });

  it('accepts the right secret once with Argon2id and then from the cache', async () => {
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    expect(await send(policy, headers('acme', 's3cret'))).toStrictEqual(ACCEPTED);
    expect(counts.verify).toBe(1);
  });

  it('takes as long to refuse an unknown id as a wrong secret', async () => {
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      unknown.push(await timed(() => send(policy, headers('nobody', generateSecret()))));
      wrong.push(await timed(() => send(policy, headers('acme', generateSecret()))));
    }
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }, 30_000);
});

async function timed(run: () => Promise<Answer>): Promise<number> {
  const started = performance.now();
  expect(await run()).toStrictEqual(REFUSED);
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
