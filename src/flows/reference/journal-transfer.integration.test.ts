import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import {
  startFakeSystem,
  type BillingJournalRun,
  type FakeStates,
  type FakeSystem,
} from '../../connectors/fakes/index.js';
import { getDeadLetter, listDeadLetters } from '../../events/dead-letters.js';
import { openStore, type Store } from '../../store/index.js';
import type { TestDatabase } from '../../store/test-databases.js';
import { testDialects } from '../../../test/running-app.js';
import { getFlowRun } from '../flow-runs.js';
import { listIncidents } from './incidents.js';
import { listTransfers, runJournalTransfer } from './journal-transfer.js';
import { createTestDatabase, journalEntry as entry } from './reference-fixtures.js';
import { createReferenceSystems } from './systems.js';

const ledger = {
  subsidiaryId: '2',
  currencies: { USD: '1' },
  accounts: { '1200': '119', '2400': '254', '4000': '301' },
};

function journalRun(number: string, status: BillingJournalRun['status']): BillingJournalRun {
  return {
    number,
    status,
    targetStartDate: '2026-11-01',
    targetEndDate: '2026-11-30',
    journalEntries: [],
  };
}

function seedRun(billing: FakeSystem<FakeStates['billing']>, run: string, prefix: string): void {
  const journalEntries = [
    entry(`JE-${prefix}1`, [
      ['1200', 'Debit', 8700],
      ['2400', 'Credit', 8700],
    ]),
    entry(`JE-${prefix}2`, [
      ['1200', 'Debit', 8700],
      ['2400', 'Credit', 8600],
    ]),
    entry(`JE-${prefix}3`, [
      ['1200', 'Debit', 1000.1],
      ['4000', 'Credit', 1000.1],
    ]),
    entry(`JE-${prefix}4`, [
      ['1200', 'Debit', 50],
      ['9999', 'Credit', 50],
    ]),
  ];
  billing.state.journalRuns.set(run, { ...journalRun(run, 'Completed'), journalEntries });
}

describe.each(testDialects())('the journal transfer flow (F6) on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let erp: FakeSystem<FakeStates['erp']>;
  let billing: FakeSystem<FakeStates['billing']>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database.options);
    erp = await startFakeSystem('erp');
    billing = await startFakeSystem('billing');
  });
  afterAll(async () => {
    await billing.stop();
    await erp.stop();
    await store.close();
    await database.drop();
  });
  beforeEach(() => {
    erp.recover();
    billing.recover();
  });

  const deps = () => ({
    store,
    systems: createReferenceSystems({ billing: billing.url, crm: erp.url, erp: erp.url }),
    ledger,
    retry: { attempts: 3, delayMs: 5 },
  });

  it('transfers the valid entries and dead-letters the unbalanced one and the one with an unknown account', async () => {
    seedRun(billing, 'JR-00000001', '0000000');
    const erpBefore = erp.calls.length;
    const billingBefore = billing.calls.length;
    const result = await runJournalTransfer(deps(), { journalRunNumber: 'JR-00000001' }, 'corr-f6');
    expect(result.status).toBe('completed');

    expect(erp.calls.slice(erpBefore).map((call) => [call.method, call.path])).toStrictEqual([
      ['PUT', '/services/rest/record/v1/journalEntry/eid:JE-00000001'],
      ['PUT', '/services/rest/record/v1/journalEntry/eid:JE-00000003'],
    ]);
    expect(erp.calls[erpBefore]!.body).toStrictEqual({
      subsidiary: { id: '2' },
      currency: { id: '1' },
      tranDate: '2026-11-30',
      memo: 'Billing journal entry JE-00000001 (Nov 2026)',
      line: {
        items: [
          { account: { id: '119' }, debit: 8700, memo: 'GL 1200' },
          { account: { id: '254' }, credit: 8700, memo: 'GL 2400' },
        ],
      },
    });
    const location = (number: string) => {
      const record = [...erp.state.journalEntry.values()].find((je) => je.externalId === number);
      return `${erp.url}/services/rest/record/v1/journalEntry/${record!.id}`;
    };
    expect(
      billing.calls
        .slice(billingBefore)
        .map((call) => [call.method, call.path, call.query, call.body]),
    ).toStrictEqual([
      ['GET', '/v1/journal-runs/JR-00000001', {}, undefined],
      [
        'GET',
        '/v1/journal-entries/journal-runs/JR-00000001',
        { page: '1', pageSize: '40' },
        undefined,
      ],
      [
        'PUT',
        '/v1/journal-entries/JE-00000001/basic-information',
        {},
        {
          transferredToAccounting: 'Yes',
          notes: `Transferred to the ERP as ${location('JE-00000001')}`,
        },
      ],
      [
        'PUT',
        '/v1/journal-entries/JE-00000003/basic-information',
        {},
        {
          transferredToAccounting: 'Yes',
          notes: `Transferred to the ERP as ${location('JE-00000003')}`,
        },
      ],
    ]);

    const validated = result.results['validate-journal-entries'] as {
      invalid: { number: string; reason: string; deadLetterId: string }[];
    };
    const reasons = {
      'JE-00000002':
        'journal entry JE-00000002 does not balance: debits 8700.00, credits 8600.00 USD',
      'JE-00000004':
        'journal entry JE-00000004 posts to GL account 9999, which the ERP does not have',
    };
    expect(validated.invalid.map(({ number, reason }) => [number, reason])).toStrictEqual(
      Object.entries(reasons),
    );
    for (const refused of validated.invalid) {
      expect(await getDeadLetter(store, refused.deadLetterId)).toMatchObject({
        stage: 'flow:journal-transfer',
        eventType: 'billing.journal-entry',
        reason: refused.reason,
        payload: { number: refused.number },
      });
    }
    const incidents = await listIncidents(store, result.runId);
    expect(incidents.map((incident) => [incident.subject, incident.reason]).sort()).toStrictEqual([
      ['journal-entries/JE-00000002', reasons['JE-00000002']],
      ['journal-entries/JE-00000004', reasons['JE-00000004']],
    ]);

    const transfers = await listTransfers(store, 'JR-00000001');
    expect(
      transfers.map((row) => [
        row.journal_entry_number,
        row.debit_total,
        row.currency,
        row.run_id,
        row.correlation_id,
      ]),
    ).toStrictEqual([
      ['JE-00000001', '8700.00', 'USD', result.runId, 'corr-f6'],
      ['JE-00000003', '1000.10', 'USD', result.runId, 'corr-f6'],
    ]);
    const run = await getFlowRun(store, result.runId);
    expect(run?.steps.map((step) => [step.step, step.system, step.status])).toStrictEqual([
      ['fetch-journal-entries', 'billing-system', 'completed'],
      ['validate-journal-entries', 'junction', 'completed'],
      ['create-erp-journal-entries', 'erp-system', 'completed'],
      ['mark-transferred', 'billing-system', 'completed'],
    ]);
  });

  it('writes nothing to the ERP again, and refuses no entry twice, for a journal run already transferred', async () => {
    const before = erp.calls.length;
    const letters = await listDeadLetters(store, { stage: 'flow:journal-transfer', limit: 100 });
    const result = await runJournalTransfer(
      deps(),
      { journalRunNumber: 'JR-00000001' },
      'corr-f6-again',
    );
    expect(result.results['validate-journal-entries']).toMatchObject({
      valid: [],
      skipped: ['JE-00000001', 'JE-00000003'],
    });
    expect(erp.calls.length).toBe(before);

    const { invalid } = result.results['validate-journal-entries'] as {
      invalid: { number: string; deadLetterId: string }[];
    };
    const earlier = new Map(
      letters.items.map((letter) => [(letter.payload as { number: string }).number, letter.id]),
    );
    expect(invalid.map(({ number, deadLetterId }) => [number, deadLetterId])).toStrictEqual([
      ['JE-00000002', earlier.get('JE-00000002')],
      ['JE-00000004', earlier.get('JE-00000004')],
    ]);
    expect(await listIncidents(store, result.runId)).toStrictEqual([]);
    expect(
      (await listDeadLetters(store, { stage: 'flow:journal-transfer', limit: 100 })).items,
    ).toHaveLength(letters.items.length);
  });

  it('retries a transient ERP failure and transfers the entry once the ERP answers', async () => {
    seedRun(billing, 'JR-00000002', '1000000');
    erp.fail({ status: 503, times: 2 });
    const result = await runJournalTransfer(
      deps(),
      { journalRunNumber: 'JR-00000002' },
      'corr-f6-retry',
    );
    expect(result.results['create-erp-journal-entries']).toMatchObject({
      created: [
        { number: 'JE-10000001', attempts: 3 },
        { number: 'JE-10000003', attempts: 1 },
      ],
      failed: [],
    });
  });

  it('dead-letters an entry the ERP keeps failing on after its attempts, and transfers nothing of it', async () => {
    seedRun(billing, 'JR-00000003', '2000000');
    erp.fail({ status: 503 });
    const before = erp.calls.length;
    const result = await runJournalTransfer(
      deps(),
      { journalRunNumber: 'JR-00000003' },
      'corr-f6-down',
    );
    expect(erp.calls.length - before).toBe(6);
    const failed = (
      result.results['create-erp-journal-entries'] as {
        failed: { number: string; reason: string }[];
      }
    ).failed;
    expect(failed.map((entry) => entry.number)).toStrictEqual(['JE-20000001', 'JE-20000003']);
    expect(failed[0]!.reason).toMatch(
      /^the ERP refused journal entry JE-20000001 after 3 attempts: erp-system upsertJournalEntry answered 503: /,
    );
    expect(await listTransfers(store, 'JR-00000003')).toStrictEqual([]);
    expect((await listIncidents(store, result.runId)).length).toBe(4);
  });
  it('refuses a journal run billing reports pending before reading or writing any entry', async () => {
    billing.state.journalRuns.set('JR-00000004', journalRun('JR-00000004', 'Pending'));
    const erpBefore = erp.calls.length;
    const billingBefore = billing.calls.length;
    const result = await runJournalTransfer(
      deps(),
      { journalRunNumber: 'JR-00000004' },
      'corr-f6-pending',
    );

    expect([result.status, result.error?.message]).toStrictEqual([
      'compensated',
      'journal run JR-00000004 is Pending, not Completed; ' +
        'transfer it once billing reports it completed',
    ]);
    expect(billing.calls.slice(billingBefore).map((call) => call.path)).toStrictEqual([
      '/v1/journal-runs/JR-00000004',
    ]);
    expect(erp.calls.length).toBe(erpBefore);
  });

  it('reads every page of a journal run with more entries than one page holds', async () => {
    const journalEntries = Array.from({ length: 41 }, (_, index) => ({
      ...entry(`JE-3${String(index + 1).padStart(7, '0')}`, [
        ['1200', 'Debit', 10],
        ['4000', 'Credit', 10],
      ]),
      transferredToAccounting: 'Yes' as const,
    }));
    billing.state.journalRuns.set('JR-00000005', {
      ...journalRun('JR-00000005', 'Completed'),
      journalEntries,
    });
    const billingBefore = billing.calls.length;
    const result = await runJournalTransfer(
      deps(),
      { journalRunNumber: 'JR-00000005' },
      'corr-f6-pages',
    );

    expect(billing.calls.slice(billingBefore).map((call) => [call.path, call.query])).toStrictEqual(
      [
        ['/v1/journal-runs/JR-00000005', {}],
        ['/v1/journal-entries/journal-runs/JR-00000005', { page: '1', pageSize: '40' }],
        ['/v1/journal-entries/journal-runs/JR-00000005', { page: '2', pageSize: '40' }],
      ],
    );
    expect(result.results['validate-journal-entries']).toStrictEqual({
      valid: [],
      invalid: [],
      skipped: journalEntries.map((candidate) => candidate.number),
    });
  });
});
