import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  createBillingSystemV1Client,
  type BillingSystemV1Client,
} from '../../../generated/billing-system-v1/client.js';
import { startFakeSystem, type BillingState, type FakeSystem } from './index.js';

const headers = { apiAccessKeyId: 'k', apiSecretAccessKey: 's' };
const contact = { firstName: 'Jana', lastName: 'Schmidt', country: 'Germany' };

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
});
