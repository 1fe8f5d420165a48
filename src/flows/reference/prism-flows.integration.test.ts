import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { listDeadLetters } from '../../events/dead-letters.js';
import type { CloudEvent } from '../../events/envelope.js';
import { checkEvent } from '../../events/validation.js';
import { openStore, type Store } from '../../store/index.js';
import type { TestDatabase } from '../../store/test-databases.js';
import { startPrismSystems, type PrismSystems } from '../../../test/prism-systems.js';
import { testDialects } from '../../../test/running-app.js';
import { getFlowRun, listFlowRuns } from '../flow-runs.js';
import { crmLinkConsumer, runCrmLink, type SubscriptionData } from './crm-link.js';
import { listIncidents } from './incidents.js';
import { listTransfers, runJournalTransfer } from './journal-transfer.js';
import {
  createTestDatabase,
  eventsOf,
  purchaseOf,
  seedCatalogue,
  theEvent,
} from './reference-fixtures.js';
import {
  createReferenceSystems,
  systemCredentialsFromEnv,
  type ReferenceSystems,
  type SystemUrls,
} from './systems.js';
import { runWebPurchase } from './web-purchase.js';

// Prism answers every call with the spec's examples and refuses a request the spec does not
// allow (400 or 422 with an `sl-violations` header, 401 without the credentials it requires), so
// a flow that completes here sent only requests the system specs accept. The examples are one
// account (A00012345), one subscription (A-S00012345) and one journal run (JR-00000001); every
// flow below reads those.

const CREDENTIALS = systemCredentialsFromEnv({
  BILLING_SYSTEM_ACCESS_KEY_ID: 'junction-flows',
  BILLING_SYSTEM_SECRET_ACCESS_KEY: 'flows-secret',
  CRM_SYSTEM_ACCESS_TOKEN: 'crm-access-token',
  ERP_SYSTEM_ACCESS_TOKEN: 'erp-access-token',
});
const LEDGER = {
  subsidiaryId: '2',
  currencies: { EUR: '4' },
  accounts: { '1200': '119', '2400': '254' },
};
const CREATED = 'com.junction.canonical.subscription.created.v1';
const UPDATED = 'com.junction.canonical.billing-account.updated.v1';

let prism: PrismSystems;
let urls: SystemUrls;

beforeAll(async () => {
  prism = await startPrismSystems(['billing-system-v1', 'crm-system-v1', 'erp-system-v1']);
  urls = {
    billing: prism.urls['billing-system-v1']!,
    crm: prism.urls['crm-system-v1']!,
    erp: prism.urls['erp-system-v1']!,
  };
});
afterAll(() => prism?.stop());
afterEach(() => prism.prefer([]));

async function stepsOf(store: Store, runId: string) {
  const run = await getFlowRun(store, runId);
  return run?.steps.map((step) => [step.step, step.action, step.system, step.status]);
}

/** F1's `subscription.created` event, which F2 consumes. */
async function subscriptionCreated(store: Store): Promise<CloudEvent<SubscriptionData>> {
  // Found by its type, whose data is a subscription.
  return (await theEvent(store, 'corr-f1-prism', CREATED)) as CloudEvent<SubscriptionData>;
}

describe.each(testDialects())('the reference flows against Prism mocks, on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;
  let systems: ReferenceSystems;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database.options);
    systems = createReferenceSystems(urls, CREDENTIALS);
    await seedCatalogue(store);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('F1 buys a subscription with requests billing accepts, storing its example numbers', async () => {
    const from = prism.exchanges.length;

    const outcome = await runWebPurchase(
      { store, systems },
      await purchaseOf(store, 'chk_prism0001'),
      'corr-f1-prism',
    );

    if (outcome.kind !== 'completed') throw new Error(JSON.stringify(outcome));
    const { answer } = outcome;
    expect(answer).toStrictEqual({
      checkoutId: 'chk_prism0001',
      subscriptionNumber: 'S-00012345',
      billingAccountId: answer.billingAccountId,
      accountNumber: 'A00012345',
      flowRunId: answer.flowRunId,
      correlationId: 'corr-f1-prism',
    });
    expect(prism.exchangeLines(from)).toStrictEqual([
      'billing-system-v1 POST /v1/accounts -> 200',
      'billing-system-v1 PUT /v1/accounts/A00012345 -> 200',
      'billing-system-v1 POST /v1/orders -> 200',
      'billing-system-v1 GET /v1/subscriptions/A-S00012345 -> 200',
    ]);
    expect(
      await store.records('canonical_billing_accounts').get(answer.billingAccountId),
    ).toMatchObject({
      accountNumber: 'A00012345',
      name: 'Acme Robotics GmbH',
      currency: 'USD',
      externalRefs: [
        {
          system: 'billing',
          type: 'Account',
          id: '8ad08e0184a4a4c30184b2d0f3e0456a',
          number: 'A00012345',
        },
      ],
    });
    const subscription = await store.records('canonical_subscriptions').getByKey('S-00012345');
    expect(subscription).toMatchObject({
      billingAccountId: answer.billingAccountId,
      status: 'active',
      termStart: '2026-11-01',
      termEnd: '2027-11-01',
      version: 1,
      namespaceRef: '81234567',
      lines: [{ quantity: 25, price: { amount: '348.00', currency: 'USD' } }],
      externalRefs: [
        {
          system: 'billing',
          type: 'Subscription',
          id: '8ad0950c8c7a4f2f018c7b9a2e3c5d10',
          number: 'A-S00012345',
        },
      ],
    });
    const events = await eventsOf(store, 'corr-f1-prism');
    expect(events.map((event) => [event.type, event.subject, checkEvent(event)])).toStrictEqual([
      [
        'com.junction.canonical.organization.created.v1',
        expect.stringMatching(/^organizations\//),
        undefined,
      ],
      [
        'com.junction.canonical.billing-account.created.v1',
        `billing-accounts/${answer.billingAccountId}`,
        undefined,
      ],
      [CREATED, `subscriptions/${subscription?.id}`, undefined],
    ]);
    expect(await stepsOf(store, answer.flowRunId)).toStrictEqual([
      ['resolve-organization', 'run', 'junction', 'completed'],
      ['create-billing-account', 'run', 'billing-system', 'completed'],
      ['create-subscription', 'run', 'billing-system', 'completed'],
      ['store-canonical-records', 'run', 'junction', 'completed'],
    ]);
  });

  it('F1 deletes its account with a request billing accepts when billing refuses the order', async () => {
    prism.prefer([{ request: 'POST /v1/orders', prefer: 'code=400' }]);
    const from = prism.exchanges.length;

    const outcome = await runWebPurchase(
      { store, systems },
      await purchaseOf(store, 'chk_prism0002'),
      'corr-f1-refused',
    );

    if (outcome.kind !== 'failed') throw new Error(JSON.stringify(outcome));
    expect(outcome).toStrictEqual({
      kind: 'failed',
      runId: outcome.runId,
      status: 'compensated',
      step: 'create-subscription',
      reason:
        'billing-system createOrder answered 400: {"success":false,"processId":"5F3A0E8C1B2D4F67",' +
        '"reasons":[{"code":53100020,"message":"\'currency\' may not be null"}]}',
    });
    expect(prism.exchangeLines(from)).toStrictEqual([
      'billing-system-v1 POST /v1/accounts -> 200',
      'billing-system-v1 PUT /v1/accounts/A00012345 -> 200',
      'billing-system-v1 POST /v1/orders -> 400',
      'billing-system-v1 DELETE /v1/accounts/A00012345 -> 200',
    ]);
    expect(await stepsOf(store, outcome.runId)).toStrictEqual([
      ['resolve-organization', 'run', 'junction', 'completed'],
      ['create-billing-account', 'run', 'billing-system', 'completed'],
      ['create-subscription', 'run', 'billing-system', 'failed'],
      ['create-billing-account', 'compensate', 'billing-system', 'completed'],
    ]);
  });

  it('F1 is refused with 401 before billing creates anything when it is given no credentials', async () => {
    const from = prism.exchanges.length;

    const outcome = await runWebPurchase(
      { store, systems: createReferenceSystems(urls) },
      await purchaseOf(store, 'chk_prism0003'),
      'corr-f1-anonymous',
    );

    if (outcome.kind !== 'failed') throw new Error(JSON.stringify(outcome));
    expect(outcome).toStrictEqual({
      kind: 'failed',
      runId: outcome.runId,
      status: 'compensated',
      step: 'create-billing-account',
      reason:
        'billing-system createAccount answered 401: {"success":false,"processId":"7A1C9E2B4D6F8A0C",' +
        '"reasons":[{"code":90000011,"message":"This resource is protected, please sign in first"}]}',
    });
    expect(prism.exchangeLines(from)).toStrictEqual([
      'billing-system-v1 POST /v1/accounts -> 401 [{"location":["request"],"severity":"Error","code":401,"message":"Invalid security scheme used"}]',
    ]);
  });

  it('F2 links the unlinked billing account to a new CRM account and books the opportunity', async () => {
    // The billing spec's `unlinked` account names no CRM account and the CRM's `none` query
    // result matches nothing, so the flow takes its longest path: both look-ups, then create.
    prism.prefer([
      { request: 'GET /v1/accounts/', prefer: 'example=unlinked' },
      { request: 'GET /services/data/v62.0/query', prefer: 'example=none' },
      { request: 'PATCH /services/data/v62.0/sobjects/Opportunity/', prefer: 'code=201' },
    ]);
    const event = await subscriptionCreated(store);
    const from = prism.exchanges.length;

    await crmLinkConsumer({ store, systems }).handle(event, { attempt: 1 });

    const today = new Date().toISOString().slice(0, 10);
    expect(prism.exchangeLines(from)).toStrictEqual([
      'billing-system-v1 GET /v1/accounts/A00012345 -> 200',
      "crm-system-v1 GET /services/data/v62.0/query?q=SELECT Id FROM Account WHERE Domain__c = 'acme-robotics.example' LIMIT 1 -> 200",
      "crm-system-v1 GET /services/data/v62.0/query?q=SELECT Id, AccountId FROM Contact WHERE Email = 'jana.schmidt@acme-robotics.example' LIMIT 1 -> 200",
      'crm-system-v1 POST /services/data/v62.0/sobjects/Account -> 201',
      'billing-system-v1 PUT /v1/accounts/A00012345 -> 200',
      'crm-system-v1 PATCH /services/data/v62.0/sobjects/Opportunity/Subscription_Number__c/A-S00012345 -> 201',
    ]);
    expect(prism.exchanges.slice(from).map((exchange) => exchange.body)).toStrictEqual([
      undefined,
      undefined,
      undefined,
      {
        Name: 'Acme Robotics GmbH',
        Type: 'Customer',
        Domain__c: 'acme-robotics.example',
        Website: 'https://acme-robotics.example',
        Billing_Account_Number__c: 'A00012345',
      },
      { crmId: '0015e00000ABCDeAAO' },
      {
        AccountId: '0015e00000ABCDeAAO',
        Name: 'Acme Robotics GmbH - S-00012345 - web',
        StageName: 'Closed Won',
        CloseDate: today,
        Amount: 8700,
        CurrencyIsoCode: 'USD',
        Type: 'New Business',
        Probability: 100,
      },
    ]);
    const account = await store
      .records('canonical_billing_accounts')
      .get(event.data.billingAccountId);
    expect(account?.externalRefs).toStrictEqual([
      {
        system: 'billing',
        type: 'Account',
        id: '8ad08e0184a4a4c30184b2d0f3e0456a',
        number: 'A00012345',
      },
      { system: 'crm', type: 'Account', id: '0015e00000ABCDeAAO' },
    ]);
    const updated = (await eventsOf(store, 'corr-f1-prism')).filter((e) => e.type === UPDATED);
    expect(updated.map((e) => [e.causationid, checkEvent(e)])).toStrictEqual([
      [event.id, undefined],
    ]);
    const runs = await listFlowRuns(store, {
      flow: 'crm-link',
      correlationId: 'corr-f1-prism',
      limit: 10,
    });
    expect(runs.items.map((run) => run.status)).toStrictEqual(['completed']);
    const run = await getFlowRun(store, runs.items[0]!.id);
    expect(
      run?.steps.map((step) => [step.step, step.system, step.status, step.output]),
    ).toStrictEqual([
      [
        'load-billing-account',
        'junction',
        'completed',
        expect.objectContaining({ accountNumber: 'A00012345' }),
      ],
      [
        'read-billing-account',
        'billing-system',
        'completed',
        { crmId: null, email: 'jana.schmidt@acme-robotics.example' },
      ],
      [
        'find-or-create-crm-account',
        'crm-system',
        'completed',
        { crmAccountId: '0015e00000ABCDeAAO', matchedBy: 'created' },
      ],
      [
        'link-billing-account',
        'billing-system',
        'completed',
        { crmId: '0015e00000ABCDeAAO', written: true },
      ],
      ['record-crm-link', 'junction', 'completed', { recorded: true }],
      // The CRM spec's save results share one example id, an account's, whatever was saved.
      [
        'upsert-opportunity',
        'crm-system',
        'completed',
        { opportunityId: '0015e00000ABCDeAAO', created: true },
      ],
    ]);
  });

  it('F2 finds the link the billing account names when the subscription arrives again', async () => {
    const event = await subscriptionCreated(store);
    const from = prism.exchanges.length;

    const result = await runCrmLink({ store, systems }, { ...event, id: `${event.id}-again` });

    expect(prism.exchangeLines(from)).toStrictEqual([
      'billing-system-v1 GET /v1/accounts/A00012345 -> 200',
      'crm-system-v1 PATCH /services/data/v62.0/sobjects/Opportunity/Subscription_Number__c/A-S00012345 -> 200',
    ]);
    expect(result.status).toBe('completed');
    const run = await getFlowRun(store, result.runId);
    expect(run?.steps.map((step) => [step.step, step.output])).toStrictEqual([
      ['load-billing-account', expect.objectContaining({ accountNumber: 'A00012345' })],
      [
        'read-billing-account',
        { crmId: '0015e00000ABCDeAAO', email: 'jana.schmidt@acme-robotics.example' },
      ],
      [
        'find-or-create-crm-account',
        { crmAccountId: '0015e00000ABCDeAAO', matchedBy: 'billing-account' },
      ],
      ['link-billing-account', { crmId: '0015e00000ABCDeAAO', written: false }],
      ['record-crm-link', { recorded: false }],
      ['upsert-opportunity', { opportunityId: '0015e00000ABCDeAAO', created: false }],
    ]);
    expect((await eventsOf(store, 'corr-f1-prism')).filter((e) => e.type === UPDATED)).toHaveLength(
      1,
    );
  });

  it('F6 transfers the example journal run to the ERP and marks its entry transferred in billing', async () => {
    const from = prism.exchanges.length;

    const result = await runJournalTransfer(
      { store, systems, ledger: LEDGER },
      { journalRunNumber: 'JR-00000001' },
      'corr-f6-prism',
    );

    expect(result.status).toBe('completed');
    expect(prism.exchangeLines(from)).toStrictEqual([
      'billing-system-v1 GET /v1/journal-runs/JR-00000001 -> 200',
      'billing-system-v1 GET /v1/journal-entries/journal-runs/JR-00000001?page=1&pageSize=40 -> 200',
      'erp-system-v1 PUT /services/rest/record/v1/journalEntry/eid:JE-00012345 -> 204',
      'billing-system-v1 PUT /v1/journal-entries/JE-00012345/basic-information -> 200',
    ]);
    expect(prism.exchanges[from + 2]?.body).toStrictEqual({
      subsidiary: { id: '2' },
      currency: { id: '4' },
      tranDate: '2026-11-30',
      memo: 'Billing journal entry JE-00012345 (Nov 2026)',
      line: {
        items: [
          { account: { id: '119' }, debit: 8700, memo: 'Accounts Receivable' },
          { account: { id: '254' }, credit: 8700, memo: 'Deferred Revenue' },
        ],
      },
    });
    // The ERP spec's upserts share one `Upserted` answer, whose Location example is a customer's.
    const location = 'http://localhost:4016/services/rest/record/v1/customer/1043';
    expect(prism.exchanges[from + 3]?.body).toStrictEqual({
      transferredToAccounting: 'Yes',
      notes: `Transferred to the ERP as ${location}`,
    });
    expect(await listTransfers(store, 'JR-00000001')).toStrictEqual([
      {
        journal_entry_number: 'JE-00012345',
        journal_run_number: 'JR-00000001',
        erp_location: location,
        run_id: result.runId,
        correlation_id: 'corr-f6-prism',
        debit_total: '8700.00',
        currency: 'EUR',
        transferred_at: expect.any(String) as unknown,
      },
    ]);
    expect(await stepsOf(store, result.runId)).toStrictEqual([
      ['fetch-journal-entries', 'run', 'billing-system', 'completed'],
      ['validate-journal-entries', 'run', 'junction', 'completed'],
      ['create-erp-journal-entries', 'run', 'erp-system', 'completed'],
      ['mark-transferred', 'run', 'billing-system', 'completed'],
    ]);
    expect(await listIncidents(store, result.runId)).toStrictEqual([]);
    expect((await listDeadLetters(store, { limit: 10 })).items).toStrictEqual([]);
  });
});
