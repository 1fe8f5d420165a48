import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { ConfigError } from '../config/index.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import { createLogger } from '../observability/logger.js';
import { idempotencyComponent, idempotencyRetentionMs } from './idempotency-component.js';
import {
  IN_PROGRESS_TTL_MS,
  claimIdempotencyKey,
  completeIdempotencyKey,
  fingerprintOf,
  parseIdempotencyKey,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyKey,
  type IdempotencyScope,
} from './idempotency.js';

describe('parseIdempotencyKey', () => {
  it.each([
    ['"8e03978e-40d5"', '8e03978e-40d5'],
    ['8e03978e-40d5', '8e03978e-40d5'],
    ['"with \\"quote\\" and \\\\"', 'with "quote" and \\'],
    ['" spaced "', ' spaced '],
    ['"', '"'],
  ])('reads %s as %s', (header, key) => {
    expect(parseIdempotencyKey(header)).toBe(key);
  });
});

describe('fingerprintOf', () => {
  const base = fingerprintOf('POST', '/canonical/v1/organizations', { a: 1, b: [1, { c: 2 }] });

  it.each([
    [
      'the same body with its keys in another order',
      'POST',
      '/canonical/v1/organizations',
      { b: [1, { c: 2 }], a: 1 },
      true,
    ],
    ['another method', 'PATCH', '/canonical/v1/organizations', { a: 1, b: [1, { c: 2 }] }, false],
    ['another path', 'POST', '/canonical/v2/organizations', { a: 1, b: [1, { c: 2 }] }, false],
    ['another body', 'POST', '/canonical/v1/organizations', { a: 2, b: [1, { c: 2 }] }, false],
    [
      'array items in another order',
      'POST',
      '/canonical/v1/organizations',
      { a: 1, b: [{ c: 2 }, 1] },
      false,
    ],
  ])('treats %s as same: %s', (_case, method, url, body, same) => {
    expect(fingerprintOf(method, url, body) === base).toBe(same);
  });
});

describe('idempotencyRetentionMs', () => {
  it.each([
    [undefined, 86_400_000],
    ['', 86_400_000],
    ['60', 60_000],
    ['2592000', 2_592_000_000],
  ])('reads JUNCTION_IDEMPOTENCY_RETENTION_SECONDS=%s as %s ms', (raw, want) => {
    expect(idempotencyRetentionMs({ JUNCTION_IDEMPOTENCY_RETENTION_SECONDS: raw })).toBe(want);
  });

  it.each(['0', '1.5', 'a day', '2592001'])('refuses %s naming the key and the range', (raw) => {
    expect(() => idempotencyRetentionMs({ JUNCTION_IDEMPOTENCY_RETENTION_SECONDS: raw })).toThrow(
      new ConfigError(
        'JUNCTION_IDEMPOTENCY_RETENTION_SECONDS',
        raw,
        'an integer from 1 to 2592000',
      ),
    );
  });
});

describe('the idempotency component', () => {
  it('provides the configured retention to the routers, and refuses a bad one at start', async () => {
    const context = {
      store: {} as Store,
      logger: createLogger('silent'),
      projectDir: '.',
      services: {},
    };
    const started = await idempotencyComponent.start({
      ...context,
      env: { JUNCTION_IDEMPOTENCY_RETENTION_SECONDS: '3600' },
    });
    expect(started.services).toStrictEqual({ idempotency: { retentionMs: 3_600_000 } });
    await started.stop();

    expect(() =>
      idempotencyComponent.start({
        ...context,
        env: { JUNCTION_IDEMPOTENCY_RETENTION_SECONDS: '-1' },
      }),
    ).toThrow(
      "JUNCTION_IDEMPOTENCY_RETENTION_SECONDS='-1' is not valid: expected an integer from 1 to 2592000",
    );
  });
});

const CREATED = { status: 201, headers: { Location: '/canonical/v1/organizations/1' }, body: {} };

function keySuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`idempotency keys on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let other: Store;
    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
      other = await openStore(database.options);
    });
    afterAll(async () => {
      await other.close();
      await store.close();
      await database.drop();
    });

    const scopeOf = (key: string, caller = 'cli_a'): IdempotencyScope => ({
      api: 'canonical-v1',
      operation: 'createOrganization',
      caller,
      key,
    });

    it('claims, then replays, then refuses another fingerprint, and scopes keys per caller', async () => {
      const claim = await claimIdempotencyKey(store, scopeOf('k1'), 'fp', 1_000);
      if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);

      expect(await claimIdempotencyKey(store, scopeOf('k1'), 'fp', 1_001)).toStrictEqual({
        kind: 'in-progress',
      });
      await completeIdempotencyKey(store, scopeOf('k1'), claim.claim, CREATED, 60_000, 1_002);
      expect(await claimIdempotencyKey(store, scopeOf('k1'), 'fp', 1_003)).toStrictEqual({
        kind: 'replay',
        response: CREATED,
      });
      expect(await claimIdempotencyKey(store, scopeOf('k1'), 'other', 1_004)).toStrictEqual({
        kind: 'reused',
      });
      expect((await claimIdempotencyKey(store, scopeOf('k1', 'cli_b'), 'fp', 1_005)).kind).toBe(
        'claimed',
      );
    });

    it('claims a key afresh once its response expired, and purges expired keys', async () => {
      const first = await claimIdempotencyKey(store, scopeOf('k2'), 'fp', 10_000);
      if (first.kind !== 'claimed') throw new Error(`expected a claim, got ${first.kind}`);
      await completeIdempotencyKey(store, scopeOf('k2'), first.claim, CREATED, 5_000, 10_000);

      expect((await claimIdempotencyKey(store, scopeOf('k2'), 'fp', 14_999)).kind).toBe('replay');
      expect((await claimIdempotencyKey(store, scopeOf('k2'), 'new', 15_001)).kind).toBe('claimed');
      const expiry = 15_001 + IN_PROGRESS_TTL_MS;
      const purged = await purgeExpiredIdempotencyKeys(store, expiry + 1);
      expect(purged).toBeGreaterThanOrEqual(1);
      expect((await claimIdempotencyKey(store, scopeOf('k2'), 'fp', expiry + 2)).kind).toBe(
        'claimed',
      );
    });

    it('frees a released claim, and a claim left by a dead process after its time', async () => {
      const claim = await claimIdempotencyKey(store, scopeOf('k3'), 'fp', 20_000);
      if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);
      await releaseIdempotencyKey(store, scopeOf('k3'), claim.claim);
      expect((await claimIdempotencyKey(store, scopeOf('k3'), 'fp', 20_001)).kind).toBe('claimed');

      const abandonedAt = 20_001 + IN_PROGRESS_TTL_MS;
      expect((await claimIdempotencyKey(store, scopeOf('k3'), 'fp', abandonedAt)).kind).toBe(
        'in-progress',
      );
      expect((await claimIdempotencyKey(store, scopeOf('k3'), 'fp', abandonedAt + 1)).kind).toBe(
        'claimed',
      );
    });

    it('gives one claim to many requests racing over two connections', async () => {
      const racers = Array.from({ length: 16 }, (_, index) =>
        claimIdempotencyKey(index % 2 === 0 ? store : other, scopeOf('k4'), 'fp', 30_000),
      );
      const kinds = (await Promise.all(racers)).map((claim) => claim.kind);

      expect(kinds.filter((kind) => kind === 'claimed')).toHaveLength(1);
      expect(kinds.filter((kind) => kind === 'in-progress')).toHaveLength(15);
    });
  });
}

keySuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'idempotency keys on PostgreSQL', (url) =>
  keySuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
