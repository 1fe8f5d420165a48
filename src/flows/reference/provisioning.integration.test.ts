import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeSystem, type FakeStates, type FakeSystem } from '../../connectors/fakes/index.js';
import type { CloudEvent } from '../../events/envelope.js';
import { checkEvent } from '../../events/validation.js';
import { openStore, type Store } from '../../store/index.js';
import type { TestDatabase } from '../../store/test-databases.js';
import { testDialects } from '../../../test/running-app.js';
import { getFlowRun, listFlowRuns } from '../flow-runs.js';
import { provisioningConsumer, reconcileProvisioning } from './provisioning.js';
import {
  createTestDatabase,
  eventsOf,
  purchase,
  seedCatalogue,
  theEvent,
} from './reference-fixtures.js';
import { createReferenceSystems, type ReferenceSystems } from './systems.js';

const CREATED = 'com.junction.canonical.subscription.created.v1';
const ISSUED = 'com.junction.canonical.license.issued.v1';

describe.each(testDialects())('the provisioning flow (F4) on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let billing: FakeSystem<FakeStates['billing']>;
  let systems: ReferenceSystems;
  let plans: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database.options);
    billing = await startFakeSystem('billing');
    systems = createReferenceSystems({ billing: billing.url, crm: billing.url, erp: billing.url });
    plans = await seedCatalogue(store);
  });
  afterAll(async () => {
    await billing.stop();
    await store.close();
    await database.drop();
  });

  const handle = (event: CloudEvent) =>
    provisioningConsumer({ store }).handle(event, { attempt: 1 });
  const licensesOf = async (subscriptionNumber: string) =>
    (await store.records('canonical_licenses').list({ limit: 10, filters: { subscriptionNumber } }))
      .items;

  it.each([
    [
      'saas',
      { deployment: 'saas', namespaceId: '81234567' },
      'namespace-plan',
      { namespaceId: '81234567' },
    ],
    ['self-managed', { deployment: 'self-managed', namespaceId: undefined }, 'license-file', {}],
  ] as const)(
    'provisions a %s subscription once, however often its event arrives',
    async (name, overrides, kind, extra) => {
      const correlationId = `corr-f4-${name}`;
      const answer = await purchase(store, systems, `chk_prov_${name}`, correlationId, overrides);
      const event = await theEvent(store, correlationId, CREATED);
      await handle(event);
      await handle(event);
      await handle({ ...event, id: `${event.id}-again` });

      const licenses = await licensesOf(answer.subscriptionNumber);
      expect(licenses).toHaveLength(1);
      const subscription = await store
        .records('canonical_subscriptions')
        .getByKey(answer.subscriptionNumber);
      expect(licenses[0]).toStrictEqual({
        id: licenses[0]!.id,
        subscriptionNumber: answer.subscriptionNumber,
        kind,
        planCode: 'premium-annual',
        seats: 25,
        trueUpSeats: 0,
        startsAt: `${String(subscription!.termStart)}T00:00:00Z`,
        expiresAt: `${String(subscription!.termEnd)}T23:59:59Z`,
        trial: false,
        status: 'issued',
        externalRefs: [],
        ...extra,
        createdAt: licenses[0]!.createdAt,
        updatedAt: licenses[0]!.updatedAt,
      });
      expect(subscription!.lines).toMatchObject([{ planId: plans['premium-annual'] }]);

      const issued = (await eventsOf(store, correlationId)).filter(
        (candidate) => candidate.type === ISSUED,
      );
      expect(
        issued.map((candidate) => [
          candidate.subject,
          candidate.causationid,
          checkEvent(candidate),
        ]),
      ).toStrictEqual([[`licenses/${licenses[0]!.id}`, event.id, undefined]]);
      const runs = await listFlowRuns(store, { flow: 'provisioning', correlationId, limit: 10 });
      expect(runs.items.map((run) => run.status)).toStrictEqual(['completed']);
      const detail = await getFlowRun(store, runs.items[0]!.id);
      expect(
        detail?.steps.map((step) => [
          step.step,
          step.system,
          step.status,
          step.events.map((e) => e.type),
        ]),
      ).toStrictEqual([
        ['resolve-entitlement', 'junction', 'completed', []],
        ['revoke-earlier-licenses', 'fulfillment', 'completed', []],
        ['issue-license', 'fulfillment', 'completed', [ISSUED]],
      ]);
    },
  );

  it('revokes the licence of the earlier version and issues one for the amended version', async () => {
    const answer = await purchase(store, systems, 'chk_prov_amend', 'corr-f4-amend');
    const created = await theEvent(store, 'corr-f4-amend', CREATED);
    await handle(created);
    const [first] = await licensesOf(answer.subscriptionNumber);
    const data = created.data as { lines: { quantity: number }[]; version: number };
    const amended = {
      ...created,
      id: `${created.id}-v2`,
      type: 'com.junction.canonical.subscription.amended.v1',
      data: { ...data, version: 2, lines: data.lines.map((line) => ({ ...line, quantity: 30 })) },
    };
    await handle(amended);
    await handle(amended);

    const licenses = await licensesOf(answer.subscriptionNumber);
    const byStatus = licenses.map((license) => [
      license.id === first!.id,
      license.status,
      license.seats,
    ]);
    expect(byStatus.sort()).toStrictEqual([
      [false, 'issued', 30],
      [true, 'revoked', 25],
    ]);
    const types = (await eventsOf(store, 'corr-f4-amend')).map((event) => event.type);
    expect(types.filter((type) => type.includes('.license.'))).toStrictEqual([
      ISSUED,
      'com.junction.canonical.license.revoked.v1',
      ISSUED,
    ]);
  });

  it('provisions, on reconciliation, a subscription whose event never arrived, and nothing twice', async () => {
    const answer = await purchase(store, systems, 'chk_prov_missed', 'corr-f4-missed');
    const first = await reconcileProvisioning({ store });
    expect(first.map((outcome) => outcome.kind)).toStrictEqual(['provisioned']);
    expect(await licensesOf(answer.subscriptionNumber)).toHaveLength(1);
    expect(await reconcileProvisioning({ store })).toStrictEqual([]);
  });
});
