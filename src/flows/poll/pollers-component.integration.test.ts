import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeSystem, type ErpState, type FakeSystem } from '../../connectors/fakes/index.js';
import { createLogger } from '../../observability/logger.js';
import { startComponents } from '../../runtime/components.js';
import { openStore, type Store } from '../../store/index.js';
import { createSqliteTestDatabase, type TestDatabase } from '../../store/test-databases.js';
import { snapshotPaymentsInCrm } from './crm-snapshot.js';
import { importErpPayment } from './erp-payments.js';
import { POLL_FOLLOW_UPS, POLL_HANDLERS, type PollItemHandler } from './handlers.js';
import { readPollerState } from './poller-states.js';
import { createPollersComponent, resolvePollers } from './pollers-component.js';
import { POLL_SOURCES } from './sources.js';
import { erpPaymentsPoller } from './test-pollers.js';

const logger = createLogger('silent');

function project(pollers: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-pollers-'));
  writeFileSync(join(dir, 'junction.config.yaml'), `pollers:\n${pollers}`);
  return dir;
}

function poller(overrides: { schedule?: string; handler?: string; system?: string } = {}): string {
  return [
    '  erp-payments:',
    `    source: { system: ${overrides.system ?? 'erp-system-v1'}, operation: listCustomerPayments }`,
    `    schedule: '${overrides.schedule ?? '* * * * * *'}'`,
    '    watermark: lastModifiedDate',
    `    handler: ${overrides.handler ?? 'record-it'}`,
    '',
  ].join('\n');
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('expected the condition within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the pollers runtime component', () => {
  let database: TestDatabase;
  let store: Store;
  let erp: FakeSystem<ErpState>;
  const seen: unknown[] = [];
  const recordIt: PollItemHandler = (item) => Promise.resolve(void seen.push(item.id));
  const registry = { sources: POLL_SOURCES, handlers: { 'record-it': recordIt } };

  beforeAll(async () => {
    database = await createSqliteTestDatabase();
    store = await openStore(database.options);
    erp = await startFakeSystem('erp');
  });
  afterAll(async () => {
    await erp.stop();
    await store.close();
    await database.drop();
  });

  it('polls each poller of junction.config.yaml on its cron schedule', async () => {
    const env = { ERP_SYSTEM_URL: erp.url };
    const components = await startComponents([createPollersComponent(registry)], {
      store,
      logger,
      env,
      projectDir: project(poller()),
    });
    try {
      erp.state.customerPayment.set('920144', {
        id: '920144',
        customer: { id: '1043' },
        payment: 10,
        tranDate: '2026-11-20',
        lastModifiedDate: '2026-11-20T14:02:00Z',
      });
      await until(() => seen.length > 0);
    } finally {
      await components.stop();
    }

    expect(seen).toStrictEqual(['920144']);
    expect(await readPollerState(store, 'erp-payments')).toMatchObject({
      watermark: '2026-11-20T14:02:00Z',
      lastId: '920144',
    });
  });

  it('gives a poller the follow-up its handler has, and none to a handler without one', () => {
    const config = erpPaymentsPoller({
      schedule: '*/15 * * * *',
      pageSize: 100,
      backoff: { initialMs: 1_000, maxMs: 900_000 },
    });
    const recording = {
      sources: POLL_SOURCES,
      handlers: { ...POLL_HANDLERS, 'record-it': recordIt },
      followUps: POLL_FOLLOW_UPS,
    };
    const pollers = { payments: config, recorded: { ...config, handler: 'record-it' } };

    const resolved = resolvePollers('junction.config.yaml', pollers, recording);

    expect(resolved.map(({ name, handler, followUp }) => [name, handler, followUp])).toStrictEqual([
      ['payments', importErpPayment, snapshotPaymentsInCrm],
      ['recorded', recordIt, undefined],
    ]);
  });

  it.each([
    {
      title: 'an unknown handler',
      pollers: poller({ handler: 'nope' }),
      want: "pollers.erp-payments.handler='nope' is not valid: expected one of record-it",
    },
    {
      title: 'an unknown source',
      pollers: poller({ system: 'crm-system-v1' }),
      want: "pollers.erp-payments.source='crm-system-v1.listCustomerPayments' is not valid: expected one of erp-system-v1.listCustomerPayments",
    },
  ])('stops start-up with one line naming $title', async ({ pollers, want }) => {
    const projectDir = project(pollers);
    const started = startComponents([createPollersComponent(registry)], {
      store,
      logger,
      env: {},
      projectDir,
    });

    await expect(started).rejects.toThrow(
      new Error(
        `runtime component "pollers" failed to start: ${join(projectDir, 'junction.config.yaml')}: ${want}`,
      ),
    );
  });
});
