import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConflictError, openStore, type Store } from '../index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../test-databases.js';
import {
  clientDirectory,
  configRevision,
  createAdminKey,
  createClient,
  createCredential,
  createPlan,
  createSubscription,
  deletePolicyConfig,
  ensureAdminKey,
  findAdminKey,
  generateAdminKey,
  getClient,
  listAdminKeys,
  listClients,
  listCredentials,
  listPolicyConfigs,
  listSubscriptions,
  putPolicyConfig,
  revokeAdminKey,
  revokeCredential,
  rotateCredential,
  saveClient,
  savePlan,
  setSubscriptionStatus,
  type ClientInput,
} from './index.js';
import { withService } from '../../../test/services.js';

const portal: ClientInput = {
  name: 'Order portal',
  contactEmail: 'portal-team@example.com',
  allowedScopes: ['orders:write'],
  status: 'active',
};

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection, but the promise resolved'),
    (err: unknown) => err,
  );
}

/** Runs `work` against a database of its own, for tests that need an empty one. */
async function withFreshStore<T>(
  createDatabase: () => Promise<TestDatabase>,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const database = await createDatabase();
  const store = await openStore(database.options);
  try {
    return await work(store);
  } finally {
    await store.close();
    await database.drop();
  }
}

function describePlatformStore(label: string, createDatabase: () => Promise<TestDatabase>): void {
  describe(label, () => {
    let database: TestDatabase;
    let store: Store;

    beforeAll(async () => {
      database = await createDatabase();
      store = await openStore(database.options);
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('runs the platform migration right after the record tables', async () => {
      const migrations = await store.db
        .selectFrom('kysely_migration')
        .select('name')
        .orderBy('name')
        .execute();
      expect(migrations.slice(0, 2)).toStrictEqual([
        { name: '0001_create_record_tables' },
        { name: '0002_platform' },
      ]);
    });

    it('stores a client, reads it back, pages the list and bumps the revision per change', async () => {
      const before = await configRevision(store);
      const first = await createClient(store, portal);
      const second = await createClient(store, {
        ...portal,
        name: 'Data lake',
        status: 'disabled',
      });
      const third = await createClient(store, { ...portal, description: 'Nightly exports' });

      expect(first.id).toMatch(/^cli_[A-Za-z0-9_-]{22}$/);
      expect(await getClient(store, third.id)).toStrictEqual(third);
      expect(await getClient(store, 'cli_unknown')).toBeUndefined();

      const page1 = await listClients(store, { limit: 2 });
      const page2 = await listClients(store, { limit: 2, cursor: page1.nextCursor ?? undefined });
      const paged = [...page1.items, ...page2.items];
      expect(page1.items).toHaveLength(2);
      expect(page2.nextCursor).toBeNull();
      expect(paged.map((client) => client.id).sort()).toStrictEqual(
        [first, second, third].map((client) => client.id).sort(),
      );
      const created = paged.map((client) => client.createdAt);
      expect(created).toStrictEqual([...created].sort().reverse());
      const disabled = await listClients(store, { limit: 50, status: 'disabled' });
      expect(disabled.items).toStrictEqual([second]);

      const changed = {
        ...first,
        status: 'disabled' as const,
        updatedAt: new Date().toISOString(),
      };
      expect(await saveClient(store, changed)).toBe(true);
      expect(await getClient(store, first.id)).toStrictEqual(changed);
      expect(await saveClient(store, { ...changed, id: 'cli_unknown' })).toBe(false);
      expect(await configRevision(store)).toBe(before + 4);
    });

    it('rotates a credential: the old one stays valid until its grace period ends', async () => {
      const client = await createClient(store, portal);
      const original = await createCredential(store, client.id, 'hash-1');
      const rotation = await rotateCredential(store, {
        clientId: client.id,
        credentialId: original.id,
        secretHash: 'hash-2',
        graceSeconds: 3600,
      });
      if (rotation.outcome !== 'rotated')
        throw new Error(`expected a rotation, got ${rotation.outcome}`);
      const replacement = rotation.credential;
      const expiresAt = new Date(Date.parse(replacement.createdAt) + 3_600_000).toISOString();

      // Both may carry the same millisecond, and then their order is the order of random ids.
      const listed = await listCredentials(store, client.id, { limit: 50 });
      expect(byId(listed.items)).toStrictEqual(
        byId([replacement, { ...original, status: 'rotating', expiresAt }]),
      );
      expect(byId(await clientDirectory(store).credentials(client.id))).toStrictEqual(
        byId([
          { id: replacement.id, secretHash: 'hash-2', status: 'active' },
          { id: original.id, secretHash: 'hash-1', status: 'rotating', expiresAt },
        ]),
      );
    });

    it('drops a rotated credential from the directory once its grace period is over', async () => {
      const client = await createClient(store, portal);
      const original = await createCredential(store, client.id, 'hash-1');
      await rotateCredential(store, {
        clientId: client.id,
        credentialId: original.id,
        secretHash: 'hash-2',
        graceSeconds: 0,
      });
      const valid = await clientDirectory(store).credentials(client.id);
      expect(valid.map((credential) => credential.secretHash)).toStrictEqual(['hash-2']);
    });

    it('rotates only an active credential of the named client', async () => {
      const client = await createClient(store, portal);
      const other = await createClient(store, portal);
      const credential = await createCredential(store, client.id, 'hash-1');
      const rotate = (clientId: string, credentialId: string) =>
        rotateCredential(store, { clientId, credentialId, secretHash: 'h', graceSeconds: 60 });

      expect((await rotate(client.id, credential.id)).outcome).toBe('rotated');
      expect(await rotate(client.id, credential.id)).toStrictEqual({
        outcome: 'not-active',
        status: 'rotating',
      });
      expect(await rotate(other.id, credential.id)).toStrictEqual({ outcome: 'not-found' });
      expect(await rotate(client.id, 'crd_unknown')).toStrictEqual({ outcome: 'not-found' });
    });

    it('lets one of two concurrent rotations of a credential win', async () => {
      const client = await createClient(store, portal);
      const credential = await createCredential(store, client.id, 'hash-1');
      const results = await Promise.all(
        ['a', 'b'].map((hash) =>
          rotateCredential(store, {
            clientId: client.id,
            credentialId: credential.id,
            secretHash: hash,
            graceSeconds: 60,
          }),
        ),
      );
      expect(results.map((result) => result.outcome).sort()).toStrictEqual([
        'not-active',
        'rotated',
      ]);
    });

    it('revokes a credential at once, even a rotating one, and says when it already was', async () => {
      const client = await createClient(store, portal);
      const credential = await createCredential(store, client.id, 'hash-1');
      await rotateCredential(store, {
        clientId: client.id,
        credentialId: credential.id,
        secretHash: 'hash-2',
        graceSeconds: 3600,
      });

      const before = await configRevision(store);
      expect(await revokeCredential(store, client.id, credential.id)).toBe('revoked');
      expect(await revokeCredential(store, client.id, credential.id)).toBe('already-revoked');
      expect(await revokeCredential(store, client.id, 'crd_unknown')).toBe('not-found');
      expect(await configRevision(store)).toBe(before + 1);

      const valid = await clientDirectory(store).credentials(client.id);
      expect(valid.map((entry) => entry.secretHash)).toStrictEqual(['hash-2']);
      const listed = await listCredentials(store, client.id, { limit: 50 });
      // Both were created in the same test, maybe in the same millisecond: find by id, not order.
      expect(listed.items.find((entry) => entry.id === credential.id)?.status).toBe('revoked');
    });

    it('refuses a plan id in use with ConflictError and saves changes to a plan', async () => {
      const plan = await createPlan(store, {
        id: 'gold',
        name: 'Gold',
        rateLimits: [{ limit: 50, window: '1s' }],
        approval: 'manual',
      });
      const err = await captureError(
        createPlan(store, { id: 'gold', name: 'Other', rateLimits: [], approval: 'auto' }),
      );
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as ConflictError).field).toBe('id');

      const changed = { ...plan, rateLimits: [{ limit: 10, window: '1m' }] };
      expect(await savePlan(store, changed)).toBe(true);
      expect(await clientDirectory(store).plan('gold')).toStrictEqual({
        rateLimits: [{ limit: 10, window: '1m' }],
      });
      expect(await clientDirectory(store).plan('missing')).toBeUndefined();
    });

    it('keeps one subscription per client and API version, even under concurrent requests', async () => {
      const client = await createClient(store, portal);
      await createPlan(store, { id: 'silver', name: 'Silver', rateLimits: [], approval: 'auto' });
      const input = { clientId: client.id, apiId: 'canonical-v1', planId: 'silver' };
      const results = await Promise.all(
        [1, 2, 3].map(() => createSubscription(store, { ...input, status: 'approved' })),
      );

      const created = results.flatMap((result) => ('created' in result ? [result.created] : []));
      expect(created).toHaveLength(1);
      for (const result of results) {
        const subscription = 'created' in result ? result.created : result.existing;
        expect(subscription.id).toBe(created[0]?.id);
      }
      expect(await clientDirectory(store).subscription(client.id, 'canonical-v1')).toStrictEqual({
        status: 'approved',
        planId: 'silver',
      });
      expect(await clientDirectory(store).subscription(client.id, 'billing-v1')).toBeUndefined();
    });

    it('filters subscriptions and changes their status', async () => {
      const client = await createClient(store, portal);
      await createPlan(store, { id: 'bronze', name: 'Bronze', rateLimits: [], approval: 'manual' });
      const made = await createSubscription(store, {
        clientId: client.id,
        apiId: 'sales-v1',
        planId: 'bronze',
        status: 'pending',
      });
      if (!('created' in made)) throw new Error('expected a new subscription');

      const pending = await listSubscriptions(store, {
        limit: 50,
        clientId: client.id,
        status: 'pending',
      });
      expect(pending.items).toStrictEqual([made.created]);
      const approved = await setSubscriptionStatus(store, made.created.id, 'approved');
      expect(approved).toStrictEqual({
        ...made.created,
        status: 'approved',
        updatedAt: approved?.updatedAt,
      });
      expect((approved?.updatedAt ?? '') >= made.created.updatedAt).toBe(true);
      expect(await setSubscriptionStatus(store, 'sub_unknown', 'revoked')).toBeUndefined();
      const none = await listSubscriptions(store, {
        limit: 50,
        clientId: client.id,
        status: 'pending',
      });
      expect(none.items).toStrictEqual([]);
    });

    it('upserts and deletes policy configurations and lists API-level ones first', async () => {
      const before = await configRevision(store);
      const api = { apiId: 'billing-v1', policy: 'rate-limit', operationId: null };
      const operation = { ...api, operationId: 'listInvoices' };

      const first = await putPolicyConfig(store, operation, { limit: 5 });
      const second = await putPolicyConfig(store, api, { limit: 100 });
      const replaced = await putPolicyConfig(store, api, { limit: 200 });
      expect([first.created, second.created, replaced.created]).toStrictEqual([true, true, false]);
      expect(await listPolicyConfigs(store, 'billing-v1')).toStrictEqual([
        { ...api, config: { limit: 200 }, updatedAt: replaced.record.updatedAt },
        { ...operation, config: { limit: 5 }, updatedAt: first.record.updatedAt },
      ]);

      expect(await deletePolicyConfig(store, operation)).toBe(true);
      expect(await deletePolicyConfig(store, operation)).toBe(false);
      expect(
        (await listPolicyConfigs(store)).filter((row) => row.apiId === 'billing-v1'),
      ).toHaveLength(1);
      expect(await configRevision(store)).toBe(before + 4);
    });

    it('finds an active admin key by its value and nothing else', async () => {
      const { record, key } = await createAdminKey(store, { name: 'ops', role: 'operator' });
      expect(key).toMatch(/^jak_[A-Za-z0-9_-]{43}$/);
      expect(await findAdminKey(store, key)).toStrictEqual({ id: record.id, role: 'operator' });
      expect(await findAdminKey(store, generateAdminKey())).toBeUndefined();
      expect(await findAdminKey(store, 'not-a-key')).toBeUndefined();
      expect(await findAdminKey(store, `${key} `)).toBeUndefined();

      const stored = await store.db
        .selectFrom('platform_admin_keys')
        .select('key_hash')
        .where('id', '=', record.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(key.slice(4));

      expect(await revokeAdminKey(store, record.id)).toBe('revoked');
      expect(await findAdminKey(store, key)).toBeUndefined();
      expect(await revokeAdminKey(store, record.id)).toBe('already-revoked');
      expect(await revokeAdminKey(store, 'adk_unknown')).toBe('not-found');
      const listed = await listAdminKeys(store, { limit: 50 });
      expect(listed.items.find((item) => item.id === record.id)?.status).toBe('revoked');
    });

    it('never revokes the last active admin key, even when two revocations race', async () => {
      const admins = await Promise.all(
        ['a', 'b'].map((name) => createAdminKey(store, { name, role: 'admin' })),
      );
      const results = await Promise.all(
        admins.map(({ record }) => revokeAdminKey(store, record.id)),
      );
      const active = await store.db
        .selectFrom('platform_admin_keys')
        .select('id')
        .where('role', '=', 'admin')
        .where('status', '=', 'active')
        .execute();
      expect(results.sort()).toStrictEqual(['last-admin', 'revoked']);
      expect(active).toHaveLength(1);
    });

    it('reads the configuration revision without moving it', async () => {
      const now = await configRevision(store);
      expect(await configRevision(store)).toBe(now);
      await createClient(store, portal);
      expect(await configRevision(store)).toBe(now + 1);
    });

    it('starts at revision 0 and makes a bootstrap admin key once', async () => {
      await withFreshStore(createDatabase, async (fresh) => {
        expect(await configRevision(fresh)).toBe(0);
        const key = await ensureAdminKey(fresh, {});
        expect(key).toMatch(/^jak_[A-Za-z0-9_-]{43}$/);
        expect(await findAdminKey(fresh, key ?? '')).toMatchObject({ role: 'admin' });
        expect(await ensureAdminKey(fresh, {})).toBeUndefined();
        expect((await listAdminKeys(fresh, { limit: 50 })).items).toHaveLength(1);
      });
    });

    it('makes the bootstrap admin key from JUNCTION_ADMIN_KEY when it is set', async () => {
      const chosen = generateAdminKey();
      await withFreshStore(createDatabase, async (fresh) => {
        expect(await ensureAdminKey(fresh, { JUNCTION_ADMIN_KEY: chosen })).toBe(chosen);
        expect(await findAdminKey(fresh, chosen)).toMatchObject({ role: 'admin' });
      });
    });

    it('refuses a JUNCTION_ADMIN_KEY of the wrong shape without quoting it', async () => {
      await withFreshStore(createDatabase, async (fresh) => {
        const err = await captureError(ensureAdminKey(fresh, { JUNCTION_ADMIN_KEY: 'hunter2' }));
        expect((err as Error).message).toBe(
          'expected JUNCTION_ADMIN_KEY to be "jak_" and 43 base64url characters (32 random ' +
            'bytes), got 7 characters that do not match; unset it to have one generated',
        );
      });
    });
  });
}

describePlatformStore('SQLite', createSqliteTestDatabase);

withService('DATABASE_URL', 'PostgreSQL', (url) =>
  describePlatformStore('PostgreSQL', () => createPostgresTestDatabase(url)),
);

function byId<Item extends { id: string }>(items: readonly Item[]): Item[] {
  return [...items].sort((left, right) => left.id.localeCompare(right.id));
}
