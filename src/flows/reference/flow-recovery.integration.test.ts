import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../../test/services.js';
import { startFakeSystem, type FakeStates, type FakeSystem } from '../../connectors/fakes/index.js';
import { openStore, type Store } from '../../store/index.js';
import { acquireLease } from '../../store/leases.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../store/test-databases.js';
import { finishFlowStep, getFlowRun, insertFlowRun, insertFlowStep } from '../flow-runs.js';
import { claimFlowKey, getFlowKey } from './flow-keys.js';
import { recoverReferenceFlows, STALE_AFTER_MS } from './flow-recovery.js';
import { createReferenceSystems } from './systems.js';

const NOW = Date.parse('2026-12-01T10:00:00.000Z');
const LONG_AGO = new Date(NOW - 10 * STALE_AFTER_MS).toISOString();
const RECENTLY = new Date(NOW - 1_000).toISOString();

/** A web purchase whose process died while it created the subscription. */
async function seedInterruptedPurchase(store: Store, runId: string, heartbeatAt: string) {
  await insertFlowRun(store, {
    id: runId,
    flow: 'web-purchase',
    correlationId: `corr-${runId}`,
    input: { checkoutId: `chk-${runId}` },
    at: heartbeatAt,
  });
  const steps = [
    ['resolve-organization', 'junction', { organizationId: 'org-1', created: false }],
    ['create-billing-account', 'billing-system', { accountId: 'acc-1', accountNumber: 'A-R1' }],
  ] as const;
  for (const [index, [step, system, output]] of steps.entries()) {
    const seq = index + 1;
    await insertFlowStep(store, runId, { seq, step, action: 'run', system, at: heartbeatAt });
    await finishFlowStep(store, runId, seq, {
      status: 'completed',
      at: heartbeatAt,
      output,
      events: [],
    });
  }
  await insertFlowStep(store, runId, {
    seq: 3,
    step: 'create-subscription',
    action: 'run',
    system: 'billing-system',
    at: heartbeatAt,
  });
}

/** A journal transfer whose process died while it read the run's entries from billing. */
async function seedInterruptedTransfer(store: Store, runId: string, journalRunNumber: string) {
  await claimFlowKey(store, 'journal-transfer', journalRunNumber, runId);
  await insertFlowRun(store, {
    id: runId,
    flow: 'journal-transfer',
    correlationId: `corr-${runId}`,
    input: { journalRunNumber },
    at: LONG_AGO,
  });
  await insertFlowStep(store, runId, {
    seq: 1,
    step: 'fetch-journal-entries',
    action: 'run',
    system: 'billing-system',
    at: LONG_AGO,
  });
}

function recoverySuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`recovering reference flow runs on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let billing: FakeSystem<FakeStates['billing']>;

    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
      billing = await startFakeSystem('billing');
    });
    afterAll(async () => {
      await billing.stop();
      await store.close();
      await database.drop();
    });

    it('compensates a purchase a crashed process left running, and leaves a live one alone', async () => {
      await seedInterruptedPurchase(store, 'run-stale', LONG_AGO);
      await seedInterruptedPurchase(store, 'run-live', RECENTLY);
      const deps = {
        store,
        systems: createReferenceSystems({ billing: billing.url, crm: '', erp: '' }),
      };

      const recovered = await recoverReferenceFlows(deps, 'process-a', NOW);

      expect(recovered.map((result) => result.status)).toStrictEqual(['compensated']);
      expect((await getFlowRun(store, 'run-stale'))?.status).toBe('compensated');
      expect((await getFlowRun(store, 'run-live'))?.status).toBe('running');
      expect(billing.calls.map((call) => `${call.method} ${call.path}`)).toStrictEqual([
        'DELETE /v1/accounts/A-R1',
      ]);
    });

    it('recovers nothing while another process holds the recovery lease', async () => {
      await seedInterruptedPurchase(store, 'run-held', LONG_AGO);
      const deps = {
        store,
        systems: createReferenceSystems({ billing: billing.url, crm: '', erp: '' }),
      };
      expect(await acquireLease(store, 'flow-run-recovery', 'process-b', 60_000, NOW)).toBe(true);

      expect(await recoverReferenceFlows(deps, 'process-a', NOW)).toStrictEqual([]);
      expect((await getFlowRun(store, 'run-held'))?.status).toBe('running');
    });

    it('ends a journal transfer a crashed process left running once F6 has its ledger, freeing the run for a redelivery', async () => {
      await seedInterruptedTransfer(store, 'run-transfer', 'JR-00000009');
      const systems = createReferenceSystems({ billing: billing.url, crm: '', erp: '' });
      const ledger = { subsidiaryId: '2', currencies: { USD: '1' }, accounts: { '1200': '119' } };
      const later = NOW + 2 * STALE_AFTER_MS;

      await recoverReferenceFlows({ store, systems }, 'process-a', later);
      expect((await getFlowRun(store, 'run-transfer'))?.status).toBe('running');
      const recovered = await recoverReferenceFlows({ store, systems, ledger }, 'process-a', later);

      expect(recovered.find((result) => result.runId === 'run-transfer')?.status).toBe(
        'compensated',
      );
      expect(
        await claimFlowKey(store, 'journal-transfer', 'JR-00000009', 'run-next'),
      ).toBeUndefined();
      expect(await getFlowKey(store, 'journal-transfer', 'JR-00000009')).toMatchObject({
        runId: 'run-next',
        status: 'running',
      });
    });
  });
}

recoverySuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'recovering reference flow runs on PostgreSQL', (url) =>
  recoverySuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
