import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDialects } from '../../../test/running-app.js';
import { startFakeSystem, type FakeStates, type FakeSystem } from '../../connectors/fakes/index.js';
import { waitFor } from '../../events/test-events.js';
import { createLogger } from '../../observability/logger.js';
import { startComponents } from '../../runtime/components.js';
import { openStore, type Store } from '../../store/index.js';
import type { TestDatabase } from '../../store/test-databases.js';
import { listFlowRuns } from '../flow-runs.js';
import {
  startProvisioningReconciliation,
  type ReconciliationOutcome,
  type Scheduler,
} from './provisioning-reconciliation.js';
import { createReferenceFlowsComponent } from './reference-flows-component.js';
import { createTestDatabase, purchase, seedCatalogue } from './reference-fixtures.js';
import { createReferenceSystems, type ReferenceSystems } from './systems.js';

type Tick = (at: Date) => Promise<ReconciliationOutcome>;

/** A scheduler that schedules nothing: the test calls each tick it was given. */
function manualScheduler(): { scheduler: Scheduler; ticks: Tick[]; patterns: string[] } {
  const ticks: Tick[] = [];
  const patterns: string[] = [];
  const scheduler: Scheduler = (pattern, tick) => {
    patterns.push(pattern);
    ticks.push(tick);
    return { stop: () => undefined };
  };
  return { scheduler, ticks, patterns };
}

/** A logger at debug level whose lines land in `lines`. */
function capturingLogger(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return createLogger('debug', sink);
}

function project(referenceFlows: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-reconcile-'));
  writeFileSync(join(dir, 'junction.config.yaml'), `referenceFlows:\n${referenceFlows}`);
  return dir;
}

/** The next quarter hour at least an hour from now, so no lease of an earlier test is live. */
function aQuarterHourAhead(): Date {
  return new Date(Math.ceil((Date.now() + 3_600_000) / 900_000) * 900_000);
}

describe.each(testDialects())(
  'F4 reconciliation in the reference-flows component on %s',
  (dialect) => {
    let database: TestDatabase;
    let store: Store;
    let billing: FakeSystem<FakeStates['billing']>;
    let systems: ReferenceSystems;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      store = await openStore(database.options);
      billing = await startFakeSystem('billing');
      systems = createReferenceSystems({
        billing: billing.url,
        crm: billing.url,
        erp: billing.url,
      });
      await seedCatalogue(store);
    });
    afterAll(async () => {
      await billing.stop();
      await store.close();
      await database.drop();
    });

    const env = () => ({ BILLING_SYSTEM_URL: billing.url });
    const licensesOf = async (subscriptionNumber: string) =>
      (
        await store
          .records('canonical_licenses')
          .list({ limit: 10, filters: { subscriptionNumber } })
      ).items;

    it('provisions, on its cron schedule, a subscription whose event no consumer handled', async () => {
      const answer = await purchase(store, systems, `chk_recon_${dialect}_1`, 'corr-f4-recon-1');
      const lines: Record<string, unknown>[] = [];
      const components = await startComponents([createReferenceFlowsComponent()], {
        store,
        logger: capturingLogger(lines),
        env: env(),
        projectDir: project("  provisioningReconciliation: { schedule: '* * * * * *' }\n"),
      });
      try {
        await waitFor('the licence of the missed subscription', async () => {
          return (await licensesOf(answer.subscriptionNumber)).length > 0;
        });
      } finally {
        await components.stop();
      }

      expect(await licensesOf(answer.subscriptionNumber)).toMatchObject([{ status: 'issued' }]);
      const runs = await listFlowRuns(store, { flow: 'provisioning', limit: 10 });
      expect(
        runs.items.map((run) => [run.status, run.correlationId.startsWith('reconcile-')]),
      ).toStrictEqual([['completed', true]]);
      const said = lines.filter((line) => String(line.msg).startsWith('provisioning reconcil'));
      expect(
        said.slice(0, 2).map((line) => [line.msg, line.schedule ?? line.provisioned]),
      ).toStrictEqual([
        ['provisioning reconciliation (F4) scheduled', '* * * * * *'],
        ['provisioning reconciled', 1],
      ]);
    });

    it('reconciles once per scheduled time when two processes share the database', async () => {
      const answer = await purchase(store, systems, `chk_recon_${dialect}_2`, 'corr-f4-recon-2');
      const other = await openStore(database.options);
      const manual = manualScheduler();
      const start = (processStore: Store) =>
        startComponents([createReferenceFlowsComponent({ scheduler: manual.scheduler })], {
          store: processStore,
          logger: createLogger('silent'),
          env: env(),
          projectDir: project('  provisioningReconciliation: {}\n'),
        });
      const processes = [await start(store), await start(other)];
      try {
        const [first, second] = manual.ticks as [Tick, Tick];
        const at = aQuarterHourAhead();
        const both = await Promise.all([first(at), second(at)]);
        const next = new Date(at.getTime() + 900_000);
        const later = [await second(next), await first(next)];

        expect(manual.patterns).toStrictEqual(['*/15 * * * *', '*/15 * * * *']);
        expect(both.map((outcome) => outcome.status).sort()).toStrictEqual([
          'lease-held',
          'reconciled',
        ]);
        expect(both.find((outcome) => outcome.status === 'reconciled')).toStrictEqual({
          status: 'reconciled',
          provisioned: 1,
          failed: 0,
        });
        expect(later).toStrictEqual([
          { status: 'reconciled', provisioned: 0, failed: 0 },
          { status: 'lease-held' },
        ]);
        expect(await licensesOf(answer.subscriptionNumber)).toHaveLength(1);
      } finally {
        for (const running of processes) await running.stop();
        await other.close();
      }
    });

    it('schedules nothing when the configuration turns it off, and says so', async () => {
      const manual = manualScheduler();
      const lines: Record<string, unknown>[] = [];
      const components = await startComponents(
        [createReferenceFlowsComponent({ scheduler: manual.scheduler })],
        {
          store,
          logger: capturingLogger(lines),
          env: env(),
          projectDir: project('  provisioningReconciliation: { enabled: false }\n'),
        },
      );
      await components.stop();

      expect(manual.ticks).toStrictEqual([]);
      expect(
        lines.filter((line) => String(line.msg).startsWith('provisioning reconcil')),
      ).toMatchObject([{ level: 'info', msg: 'provisioning reconciliation (F4) is off' }]);
    });

    it('logs a failed pass, backs off doubling, and never throws', async () => {
      const broken = await openStore(database.options);
      await broken.close();
      const manual = manualScheduler();
      const lines: Record<string, unknown>[] = [];
      const reconciliation = startProvisioningReconciliation({
        store: broken,
        logger: capturingLogger(lines),
        schedule: '*/15 * * * *',
        scheduler: manual.scheduler,
        backoff: { initialMs: 60_000, maxMs: 200_000 },
      });
      const [tick] = manual.ticks as [Tick];
      const at = aQuarterHourAhead().getTime();
      const outcomes = [];
      for (const offset of [0, 30_000, 60_000, 120_000, 180_000, 400_000]) {
        outcomes.push(await tick(new Date(at + offset)));
      }
      await reconciliation.stop();

      const iso = (offset: number) => new Date(at + offset).toISOString();
      const failed = (failures: number, retryAt: number) => ({
        status: 'failed',
        error: expect.stringMatching(/./) as unknown,
        failures,
        retryAt: iso(retryAt),
      });
      expect(outcomes).toStrictEqual([
        failed(1, 60_000),
        { status: 'backing-off', until: iso(60_000) },
        failed(2, 180_000),
        { status: 'backing-off', until: iso(180_000) },
        failed(3, 380_000),
        failed(4, 600_000),
      ]);
      const failures = lines.filter((line) => line.msg === 'provisioning reconciliation failed');
      expect(failures.map((line) => [line.level, line.failures])).toStrictEqual([
        ['error', 1],
        ['error', 2],
        ['error', 3],
        ['error', 4],
      ]);
    });
  },
);
