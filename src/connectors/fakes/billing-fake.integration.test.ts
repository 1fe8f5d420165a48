import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createBillingSystemV1Client,
  type BillingSystemV1Client,
} from '../../../generated/billing-system-v1/client.js';
import {
  startFakeSystem,
  type BillingJournalRun,
  type BillingState,
  type FakeSystem,
} from './index.js';

const headers = { apiAccessKeyId: 'k', apiSecretAccessKey: 's' };
const contact = { firstName: 'Jana', lastName: 'Schmidt', country: 'Germany' };

function journalEntry(number: string, amount: number) {
  return {
    id: `8ad0${number.replace(/\D/g, '').padStart(28, '0')}`,
    number,
    status: 'Created' as const,
    journalEntryDate: '2026-11-30',
    currency: 'USD',
    homeCurrency: 'USD',
    transactionType: 'Invoice Item',
    accountingPeriodName: 'Nov 2026',
    timePeriodStart: '2026-11-01',
    timePeriodEnd: '2026-11-30',
    transferredToAccounting: 'No' as const,
    journalEntryItems: [
      {
        accountingCodeType: 'AccountsReceivable',
        glAccountName: 'Accounts Receivable',
        glAccountNumber: '1200',
        type: 'Debit' as const,
        amount,
        homeCurrencyAmount: amount,
      },
    ],
  };
}

const journalRun: BillingJournalRun = {
  number: 'JR-00000001',
  status: 'Completed',
  targetStartDate: '2026-11-01',
  targetEndDate: '2026-11-30',
  executedOn: '2026-12-01T02:00:00+00:00',
  journalEntries: [journalEntry('JE-00000001', 8700), journalEntry('JE-00000002', 1000.1)],
};

describe('the billing fake', () => {
  let billing: FakeSystem<BillingState>;
  let client: BillingSystemV1Client;

  beforeAll(async () => {
    billing = await startFakeSystem('billing', { now: () => new Date('2026-11-01T09:00:00Z') });
    client = createBillingSystemV1Client(billing.url);
  });
  afterAll(() => billing.stop());

  it('creates an account and a subscription priced from the catalog, read back by number', async () => {
    const account = await client.POST('/v1/accounts', {
      headers,
      body: { name: 'Acme', currency: 'EUR', billCycleDay: 1, billToContact: contact },
    });
    const order = await client.POST('/v1/orders', {
      headers,
      body: {
        orderDate: '2026-11-01',
        existingAccountNumber: account.data?.accountNumber ?? '',
        subscriptions: [
          {
            orderActions: [
              {
                type: 'CreateSubscription',
                createSubscription: {
                  subscribeToRatePlans: [{ productRatePlanId: '8ad0823f8c7a4f2f018c7b8e4d5e6f70' }],
                  terms: { initialTerm: { termType: 'TERMED', period: 12, periodType: 'Month' } },
                },
              },
            ],
          },
        ],
      },
    });
    const subscription = await client.GET('/v1/subscriptions/{subscriptionKey}', {
      headers,
      params: { path: { subscriptionKey: order.data?.subscriptionNumbers[0] ?? '' } },
    });

    expect(account.data).toStrictEqual({
      success: true,
      accountId: '8ad00000000000000000000000000002',
      accountNumber: 'A00000001',
      billToContactId: '8ad00000000000000000000000000001',
      soldToContactId: '8ad00000000000000000000000000001',
    });
    expect(order.data).toStrictEqual({
      success: true,
      orderNumber: 'O-00000001',
      accountNumber: 'A00000001',
      status: 'Completed',
      subscriptionNumbers: ['A-S00000001'],
      subscriptions: [{ subscriptionNumber: 'A-S00000001', status: 'Active' }],
    });
    expect(subscription.data).toMatchObject({
      subscriptionNumber: 'A-S00000001',
      version: 1,
      accountNumber: 'A00000001',
      termStartDate: '2026-11-01',
      termEndDate: '2027-11-01',
      ratePlans: [
        {
          productSku: 'SKU-00000002',
          ratePlanName: 'Premium - 1 Year',
          ratePlanCharges: [{ name: 'Premium - Seats', quantity: 1, price: 348 }],
        },
      ],
      success: true,
    });
  });

  it('writes a CRM id back to an account and finds the account by it', async () => {
    await client.PUT('/v1/accounts/{accountKey}', {
      headers,
      params: { path: { accountKey: 'A00000001' } },
      body: { crmId: '0015e0000000001AAA' },
    });
    const { data } = await client.GET('/v1/accounts', {
      headers,
      params: { query: { crmId: '0015e0000000001AAA' } },
    });

    expect(data?.accounts.map((account) => account.accountNumber)).toStrictEqual(['A00000001']);
  });

  it('records one payment for two posts with the same Idempotency-Key', async () => {
    const post = () =>
      client.POST('/v1/payments', {
        headers,
        params: { header: { 'Idempotency-Key': 'erp-920144' } },
        body: {
          accountId: '8ad00000000000000000000000000002',
          amount: 348,
          currency: 'EUR',
          effectiveDate: '2026-11-20',
          type: 'External',
          paymentMethodType: 'WireTransfer',
        },
      });
    const first = await post();
    const second = await post();

    expect(second.data).toStrictEqual(first.data);
    expect([first.data?.number, first.data?.unappliedAmount]).toStrictEqual(['P-00000001', 348]);
    expect(billing.state.payments.size).toBe(1);
    expect(billing.calls.filter((call) => call.path === '/v1/payments')).toHaveLength(2);
  });

  it.each([
    {
      title: 'an account without a currency',
      path: '/v1/accounts',
      body: { name: 'X', billCycleDay: 1, billToContact: contact },
      status: 400,
      message: "request/body must have required property 'currency'",
    },
    {
      title: 'a payment of an unknown account',
      path: '/v1/payments',
      body: {
        accountId: '8ad000000000000000000000000000ff',
        amount: 1,
        currency: 'EUR',
        effectiveDate: '2026-11-20',
        type: 'External',
      },
      status: 404,
      message: "Cannot find entity by key: '8ad000000000000000000000000000ff'.",
    },
  ])('refuses $title with the billing error body', async ({ path, body, status, message }) => {
    const response = await fetch(`${billing.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

    expect([response.status, await response.json()]).toStrictEqual([
      status,
      {
        success: false,
        processId: '0000000000000000',
        reasons: [{ code: status === 404 ? 50000040 : 53100020, message }],
      },
    ]);
  });
  it('refuses to delete an account that has an active subscription, naming it', async () => {
    const response = await fetch(`${billing.url}/v1/accounts/A00000001`, {
      method: 'DELETE',
      headers,
    });

    expect([response.status, await response.json()]).toStrictEqual([
      400,
      {
        success: false,
        processId: '0000000000000000',
        reasons: [
          {
            code: 53100020,
            message:
              'Cannot delete account A00000001: it has active subscriptions (A-S00000001). ' +
              'Cancel them first.',
          },
        ],
      },
    ]);
    expect(billing.state.accounts.has('8ad00000000000000000000000000002')).toBe(true);
  });

  it('deletes an account without subscriptions, which then is not found', async () => {
    const created = await client.POST('/v1/accounts', {
      headers,
      body: { name: 'Brief GmbH', currency: 'EUR', billCycleDay: 1, billToContact: contact },
    });
    const accountKey = created.data?.accountNumber ?? '';
    const deleted = await client.DELETE('/v1/accounts/{accountKey}', {
      headers,
      params: { path: { accountKey } },
    });
    const read = await client.GET('/v1/accounts/{accountKey}', {
      headers,
      params: { path: { accountKey } },
    });

    expect([accountKey, deleted.response.status, deleted.data]).toStrictEqual([
      'A00000002',
      200,
      { success: true },
    ]);
    expect([read.response.status, read.error?.reasons]).toStrictEqual([
      404,
      [{ code: 50000040, message: "Cannot find entity by key: 'A00000002'." }],
    ]);
  });

  it('answers a seeded journal run, pages its entries and marks one transferred', async () => {
    billing.state.journalRuns.set(journalRun.number, structuredClone(journalRun));
    const path = { journalRunNumber: 'JR-00000001' };
    const run = await client.GET('/v1/journal-runs/{journalRunNumber}', {
      headers,
      params: { path },
    });
    const first = await client.GET('/v1/journal-entries/journal-runs/{journalRunNumber}', {
      headers,
      params: { path, query: { pageSize: 1 } },
    });
    const updated = await client.PUT('/v1/journal-entries/{journalEntryNumber}/basic-information', {
      headers,
      params: { path: { journalEntryNumber: 'JE-00000002' } },
      body: { transferredToAccounting: 'Yes', notes: 'Transferred to the ERP as eid:JE-00000002' },
    });
    const second = await client.GET('/v1/journal-entries/journal-runs/{journalRunNumber}', {
      headers,
      params: { path, query: { page: 2, pageSize: 1 } },
    });

    expect(run.data).toStrictEqual({
      success: true,
      number: 'JR-00000001',
      status: 'Completed',
      targetStartDate: '2026-11-01',
      targetEndDate: '2026-11-30',
      executedOn: '2026-12-01T02:00:00+00:00',
    });
    expect(first.data).toStrictEqual({
      success: true,
      journalEntries: [journalRun.journalEntries[0]],
      nextPage: `${billing.url}/v1/journal-entries/journal-runs/JR-00000001?page=2&pageSize=1`,
    });
    expect(updated.data).toStrictEqual({ success: true });
    expect(second.data).toStrictEqual({
      success: true,
      journalEntries: [
        {
          ...journalRun.journalEntries[1],
          transferredToAccounting: 'Yes',
          notes: 'Transferred to the ERP as eid:JE-00000002',
        },
      ],
    });
    expect(journalRun.journalEntries[1]?.transferredToAccounting).toBe('No');
  });

  it.each([
    {
      title: 'a journal run it does not have',
      method: 'GET',
      path: '/v1/journal-runs/JR-00000099',
      body: undefined,
      status: 404,
      message: "Cannot find entity by key: 'JR-00000099'.",
    },
    {
      title: 'the entries of a journal run it does not have',
      method: 'GET',
      path: '/v1/journal-entries/journal-runs/JR-00000099',
      body: undefined,
      status: 404,
      message: "Cannot find entity by key: 'JR-00000099'.",
    },
    {
      title: 'an update of a journal entry it does not have',
      method: 'PUT',
      path: '/v1/journal-entries/JE-00000099/basic-information',
      body: { transferredToAccounting: 'Yes' },
      status: 404,
      message: "Cannot find entity by key: 'JE-00000099'.",
    },
    {
      title: 'a journal entry update with a transfer state the spec does not know',
      method: 'PUT',
      path: '/v1/journal-entries/JE-00000001/basic-information',
      body: { transferredToAccounting: 'Done' },
      status: 400,
      message:
        'request/body/transferredToAccounting must be equal to one of the allowed values: ' +
        'No, Processing, Yes, Error, Ignore',
    },
    {
      title: 'a journal entry update that changes its items',
      method: 'PUT',
      path: '/v1/journal-entries/JE-00000001/basic-information',
      body: { transferredToAccounting: 'Yes', journalEntryItems: [] },
      status: 400,
      message: 'request/body must NOT have additional properties',
    },
    {
      title: 'the deletion of an account it does not have',
      method: 'DELETE',
      path: '/v1/accounts/A00000099',
      body: undefined,
      status: 404,
      message: "Cannot find entity by key: 'A00000099'.",
    },
  ])(
    'refuses $title with the billing error body',
    async ({ method, path, body, status, message }) => {
      const response = await fetch(`${billing.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

      expect([response.status, await response.json()]).toStrictEqual([
        status,
        {
          success: false,
          processId: '0000000000000000',
          reasons: [{ code: status === 404 ? 50000040 : 53100020, message }],
        },
      ]);
    },
  );

  it('answers journal calls with an injected failure until it has failed as often as told', async () => {
    billing.fail({ status: 503, times: 1 });
    const list = () =>
      client.GET('/v1/journal-entries/journal-runs/{journalRunNumber}', {
        headers,
        params: { path: { journalRunNumber: 'JR-00000001' } },
      });
    const failed = await list();
    const answered = await list();

    expect([failed.response.status, failed.error]).toStrictEqual([
      503,
      {
        success: false,
        processId: '0000000000000000',
        reasons: [{ code: 50000000, message: 'injected failure' }],
      },
    ]);
    expect([answered.response.status, answered.data?.journalEntries.length]).toStrictEqual([
      200, 2,
    ]);
  });
});
