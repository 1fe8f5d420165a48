import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { PolicyConfigError } from '../../policy.js';
import { generateSecret, hashSecret } from '../../../security/secrets.js';
import type { Policy } from '../../policy.js';
import { CLIENT_ID_CONFIG_SCHEMA, argon2Verifier, createClientIdEnforcement } from './index.js';
import {
  FakeDirectory,
  countingVerifier,
  context,
  send,
  basic,
  APPROVED,
  REFUSED,
  ACCEPTED,
  active,
  setup,
  headers,
  timed,
  median,
} from './testing.js';

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
