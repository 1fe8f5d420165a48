import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createPlatformV1Client } from '../../../generated/platform-v1/client.js';
import { startTestApp, testDialects, type RunningApp } from '../../../test/running-app.js';
import {
  startFakeSystem,
  type BillingJournalRun,
  type FakeStates,
  type FakeSystem,
} from '../../connectors/fakes/index.js';
import { listDeadLetters } from '../../events/dead-letters.js';
import { eventsDb } from '../../events/events-tables.js';
import { hasHandled } from '../../events/inbox.js';
import { waitFor } from '../../events/test-events.js';
import { checkEvent } from '../../events/validation.js';
import { webhooksDb } from '../../events/webhooks/schema.js';
import { generateWebhookSecret, signatureHeaders } from '../../events/webhooks/signature.js';
import { createAdminKey } from '../../store/platform/index.js';
import { getFlowRun, listFlowRuns, type FlowRun } from '../flow-runs.js';
import { listIncidents } from './incidents.js';
import { JOURNAL_RUN_COMPLETED_TYPE } from './journal-run-completed.js';
import { JOURNAL_TRANSFER_CONSUMER, journalTransferConsumer } from './journal-transfer-consumer.js';
import { listTransfers } from './journal-transfer.js';
import { journalEntry } from './reference-fixtures.js';
import { createReferenceSystems } from './systems.js';

const SECRET = generateWebhookSecret();
const LEDGER = {
  subsidiaryId: '2',
  currencies: { USD: '1' },
  accounts: { '1200': '119', '2400': '254', '4000': '301' },
};
const CONFIG = `
webhooks:
  inbound:
    billing:
      kind: billing-system
      secretEnv: TEST_BILLING_WEBHOOK_SECRET
referenceFlows:
  journalTransfer:
    ledger:
      subsidiaryId: '2'
      currencies: { USD: '1' }
      accounts: { '1200': '119', '2400': '254', '4000': 301 }
  provisioningReconciliation: { enabled: false }
`;

function journalRun(number: string, status: BillingJournalRun['status'], prefix: string) {
  return {
    number,
    status,
    targetStartDate: '2026-11-01',
    targetEndDate: '2026-11-30',
    journalEntries: [
      journalEntry(`JE-${prefix}1`, [
        ['1200', 'Debit', 8700],
        ['2400', 'Credit', 8700],
      ]),
      journalEntry(`JE-${prefix}2`, [
        ['1200', 'Debit', 1000.1],
        ['4000', 'Credit', 1000.1],
      ]),
      journalEntry(`JE-${prefix}3`, [
        ['1200', 'Debit', 50],
        ['2400', 'Credit', 40],
      ]),
    ],
  };
}

describe.each(testDialects())('a journal run callout (F6) on %s', (dialect) => {
  let app: RunningApp;
  let billing: FakeSystem<FakeStates['billing']>;
  let erp: FakeSystem<FakeStates['erp']>;

  beforeAll(async () => {
    billing = await startFakeSystem('billing');
    erp = await startFakeSystem('erp');
    const dir = mkdtempSync(join(tmpdir(), 'junction-f6-'));
    writeFileSync(join(dir, 'junction.config.yaml'), CONFIG);
    process.env.JUNCTION_CONFIG = join(dir, 'junction.config.yaml');
    process.env.TEST_BILLING_WEBHOOK_SECRET = SECRET;
    process.env.BILLING_SYSTEM_URL = billing.url;
    process.env.ERP_SYSTEM_URL = erp.url;
    app = await startTestApp(dialect);
  });
  afterAll(async () => {
    await app.close();
    await erp.stop();
    await billing.stop();
  });

  async function post(body: string, webhookId: string, correlationId?: string) {
    const at = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders(SECRET, webhookId, at, Buffer.from(body));
    const response = await fetch(`${app.url}/webhooks/inbound/billing`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(correlationId === undefined ? {} : { 'x-correlation-id': correlationId }),
        ...headers,
      },
      body,
    });
    const answer: unknown = await response.json();
    return { status: response.status, body: answer };
  }

  function callout(journalRunNumber: string): string {
    return JSON.stringify({ eventType: 'JournalRunCompleted', journalRunNumber });
  }

  async function runsOf(journalRunNumber: string): Promise<FlowRun[]> {
    const page = await listFlowRuns(app.store, { flow: 'journal-transfer', limit: 100 });
    return page.items
      .filter(
        (run) => (run.input as { journalRunNumber: string }).journalRunNumber === journalRunNumber,
      )
      .reverse();
  }

  async function queued(): Promise<{ event: string }[]> {
    return eventsDb(app.store)
      .selectFrom('event_outbox')
      .select('event')
      .where('type', '=', JOURNAL_RUN_COMPLETED_TYPE)
      .execute();
  }

  const handled = (eventId: string) => hasHandled(app.store, JOURNAL_TRANSFER_CONSUMER, eventId);

  it('transfers the journal run a signed callout queues: the ERP holds its entries, billing marks them transferred', async () => {
    billing.state.journalRuns.set('JR-00000010', journalRun('JR-00000010', 'Completed', '1000001'));
    const webhookId = `msg_${dialect}_f6_first`;
    const answer = await post(callout('JR-00000010'), webhookId, 'corr-f6-callout');
    const [eventId] = (answer.body as { events: string[] }).events;
    expect([answer.status, answer.body]).toStrictEqual([200, { id: webhookId, events: [eventId] }]);

    await waitFor('the journal run transferred', () => handled(eventId!));
    const [row] = await queued();
    const event = JSON.parse(row!.event) as Record<string, unknown>;
    expect(event).toStrictEqual({
      specversion: '1.0',
      id: eventId,
      source: '/junction/webhooks/inbound/billing',
      type: 'com.junction.integration.billing.journal-run.completed.v1',
      subject: 'journal-runs/JR-00000010',
      time: event.time,
      datacontenttype: 'application/json',
      correlationid: 'corr-f6-callout',
      causationid: webhookId,
      dataschemaversion: '1.0.0',
      data: { journalRunNumber: 'JR-00000010' },
    });
    expect(checkEvent(event)).toBeUndefined();

    const inErp = [...erp.state.journalEntry.values()].map((record) => [
      record.externalId,
      record.subsidiary,
      record.currency,
      (record.line as { items: unknown[] }).items,
    ]);
    expect(inErp).toStrictEqual([
      [
        'JE-10000011',
        { id: '2' },
        { id: '1' },
        [
          { account: { id: '119' }, debit: 8700, memo: 'GL 1200' },
          { account: { id: '254' }, credit: 8700, memo: 'GL 2400' },
        ],
      ],
      [
        'JE-10000012',
        { id: '2' },
        { id: '1' },
        [
          { account: { id: '119' }, debit: 1000.1, memo: 'GL 1200' },
          { account: { id: '301' }, credit: 1000.1, memo: 'GL 4000' },
        ],
      ],
    ]);
    const marks = billing.state.journalRuns
      .get('JR-00000010')!
      .journalEntries.map((entry) => [entry.number, entry.transferredToAccounting]);
    expect(marks).toStrictEqual([
      ['JE-10000011', 'Yes'],
      ['JE-10000012', 'Yes'],
      ['JE-10000013', 'No'],
    ]);

    const [run] = await runsOf('JR-00000010');
    const detail = await getFlowRun(app.store, run!.id);
    expect([detail?.status, detail?.correlationId]).toStrictEqual(['completed', 'corr-f6-callout']);
    expect(detail?.steps.map((step) => [step.step, step.status])).toStrictEqual([
      ['fetch-journal-entries', 'completed'],
      ['validate-journal-entries', 'completed'],
      ['create-erp-journal-entries', 'completed'],
      ['mark-transferred', 'completed'],
    ]);
    const transfers = await listTransfers(app.store, 'JR-00000010');
    expect(
      transfers.map((transfer) => [transfer.journal_entry_number, transfer.run_id]),
    ).toStrictEqual([
      ['JE-10000011', run!.id],
      ['JE-10000012', run!.id],
    ]);
    const incidents = await listIncidents(app.store, run!.id);
    expect(incidents.map((incident) => [incident.subject, incident.reason])).toStrictEqual([
      [
        'journal-entries/JE-10000013',
        'journal entry JE-10000013 does not balance: debits 50.00, credits 40.00 USD',
      ],
    ]);
  });

  it('refuses the same webhook id again with 401 and queues nothing more', async () => {
    const before = await queued();
    const answer = await post(callout('JR-00000010'), `msg_${dialect}_f6_first`);
    expect(answer).toMatchObject({ status: 401, body: { code: 'webhook-replayed' } });
    expect(await queued()).toStrictEqual(before);
  });

  it('does nothing twice when the event comes again, or a new callout names the same run', async () => {
    const [first] = await queued();
    const event = JSON.parse(first!.event) as Parameters<
      ReturnType<typeof journalTransferConsumer>['handle']
    >[0];
    const counts = async () => ({
      erp: erp.calls.length,
      billingWrites: billing.calls.filter((call) => call.method === 'PUT').length,
      runs: (await runsOf('JR-00000010')).length,
      erpEntries: erp.state.journalEntry.size,
      transfers: (await listTransfers(app.store, 'JR-00000010')).length,
      deadLetters: (
        await listDeadLetters(app.store, { stage: 'flow:journal-transfer', limit: 100 })
      ).items.length,
    });
    const before = await counts();
    const systems = createReferenceSystems({ billing: billing.url, crm: erp.url, erp: erp.url });
    const consumer = journalTransferConsumer({ store: app.store, systems, ledger: LEDGER });

    await consumer.handle(event, { attempt: 2 });
    // As after a crash between the end of the run and the inbox record: only the run's key is left.
    await eventsDb(app.store).deleteFrom('event_inbox').where('event_id', '=', event.id).execute();
    await consumer.handle(event, { attempt: 3 });
    const again = await post(callout('JR-00000010'), `msg_${dialect}_f6_again`, 'corr-f6-again');
    const [againId] = (again.body as { events: string[] }).events;
    await waitFor('the second callout handled', () => handled(againId!));

    expect(again.status).toBe(200);
    expect(await counts()).toStrictEqual(before);
  });

  it.each([
    {
      given: 'a field beside the journal run number',
      body: { eventType: 'JournalRunCompleted', journalRunNumber: 'JR-1', journalRunId: '8ad0' },
      pointer: '/journalRunId',
      message:
        'expected only eventType and journalRunNumber in a JournalRunCompleted callout, got the field "journalRunId"',
    },
    {
      given: 'no journal run number',
      body: { eventType: 'JournalRunCompleted' },
      pointer: '/journalRunNumber',
      message: 'expected the journal run number as a string of 1 to 50 characters, got none',
    },
    {
      given: 'a journal run number that is a number',
      body: { eventType: 'JournalRunCompleted', journalRunNumber: 42 },
      pointer: '/journalRunNumber',
      message: 'expected the journal run number as a string of 1 to 50 characters, got 42',
    },
  ])('refuses a callout with $given with 400 naming the field, storing nothing', async (bad) => {
    const webhookId = `msg_${dialect}_f6_bad_${bad.pointer.slice(1)}_${typeof bad.body.journalRunNumber}`;
    const before = await queued();
    const answer = await post(JSON.stringify(bad.body), webhookId);
    expect(answer).toMatchObject({ status: 400 });
    expect(answer.body).toStrictEqual({
      type: 'https://junction.dev/errors/validation-failed',
      title: 'The request is not valid against the API contract',
      status: 400,
      code: 'validation-failed',
      detail: `The callout is not valid: ${bad.message}.`,
      instance: '/webhooks/inbound/billing',
      correlationId: (answer.body as { correlationId: string }).correlationId,
      errors: [{ in: 'body', pointer: bad.pointer, message: bad.message }],
    });
    const seen = await webhooksDb(app.store)
      .selectFrom('webhook_inbound_seen')
      .select('webhook_id')
      .where('webhook_id', '=', webhookId)
      .execute();
    expect([seen, await queued()]).toStrictEqual([[], before]);
  });

  it('retries a run billing has not completed, dead-letters it, and transfers it on replay once billing has', async () => {
    billing.state.journalRuns.set('JR-00000020', journalRun('JR-00000020', 'Pending', '2000002'));
    const answer = await post(
      callout('JR-00000020'),
      `msg_${dialect}_f6_pending`,
      'corr-f6-pending',
    );
    const [eventId] = (answer.body as { events: string[] }).events;
    const letters = async () =>
      (
        await listDeadLetters(app.store, { consumer: JOURNAL_TRANSFER_CONSUMER, limit: 100 })
      ).items.filter((letter) => letter.eventId === eventId);
    await waitFor('the journal run dead-lettered', async () => (await letters()).length > 0);

    const [letter] = await letters();
    const attempts = await runsOf('JR-00000020');
    expect(attempts.map((run) => run.status)).toStrictEqual(Array(5).fill('compensated'));
    expect(letter).toMatchObject({
      stage: 'consume',
      eventType: JOURNAL_RUN_COMPLETED_TYPE,
      payload: { id: eventId, data: { journalRunNumber: 'JR-00000020' } },
      reason:
        `consumer "reference.journal-transfer" failed 5 times; last: flow run ${attempts[4]!.id} ` +
        'ended compensated: journal run JR-00000020 is Pending, not Completed; transfer it once ' +
        'billing reports it completed',
    });

    billing.state.journalRuns.get('JR-00000020')!.status = 'Completed';
    const { key } = await createAdminKey(app.store, { name: `f6 ${dialect}`, role: 'operator' });
    const platform = createPlatformV1Client(app.url, { headers: { 'X-Admin-Key': key } });
    const replayed = await platform.POST('/dead-letters/{deadLetterId}/replay', {
      params: { path: { deadLetterId: letter!.id } },
    });
    expect(replayed.response.status).toBe(202);
    await waitFor('the replayed journal run transferred', () => handled(eventId!));
    expect((await runsOf('JR-00000020')).map((run) => run.status)).toStrictEqual([
      ...Array<string>(5).fill('compensated'),
      'completed',
    ]);
    const transferred = (await listTransfers(app.store, 'JR-00000020')).map(
      (transfer) => transfer.journal_entry_number,
    );
    expect(transferred).toStrictEqual(['JE-20000021', 'JE-20000022']);
  });
});
