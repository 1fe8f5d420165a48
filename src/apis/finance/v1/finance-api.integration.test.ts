import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFinanceV1Client } from '../../../../generated/finance-v1/client.js';
import type { components } from '../../../../generated/finance-v1/types.js';
import { startTestApp, testDialects } from '../../../../test/running-app.js';
import type { RunningApp } from '../../../../test/running-app.js';

type Schemas = components['schemas'];

const acme: Schemas['CustomerCreate'] = {
  externalId: 'A00012345',
  entityId: 'A00012345',
  companyName: 'Acme Robotics GmbH',
  subsidiary: 'Junction B.V.',
  currency: 'EUR',
};

const november: Schemas['JournalEntryCreate'] = {
  externalId: 'JE-00000412',
  tranDate: '2026-11-30',
  postingPeriod: 'Nov 2026',
  subsidiary: 'Junction B.V.',
  currency: 'EUR',
  line: [
    { account: '1200', debit: '27500.00' },
    { account: '4000', credit: '27000.00' },
    { account: '2400', credit: '500.5' },
  ],
};

describe.each(testDialects())('the finance API on %s', (dialect) => {
  let app: RunningApp;
  let finance: ReturnType<typeof createFinanceV1Client>;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    finance = createFinanceV1Client(app.url);
  });
  afterAll(() => app.close());

  it('creates a customer with 201 and a Location, then reads it back and lists it by external id', async () => {
    const created = await finance.POST('/customers', { body: acme });
    expect(created.response.status).toBe(201);
    const customer = created.data!;
    expect(created.response.headers.get('location')).toBe(
      `${app.url}/finance/v1/customers/${customer.internalId}`,
    );
    expect(customer).toStrictEqual({
      ...acme,
      internalId: customer.internalId,
      terms: 'Net 30',
      isInactive: false,
      createdAt: customer.createdAt,
      updatedAt: customer.createdAt,
    });
    const read = await finance.GET('/customers/{customerId}', {
      params: { path: { customerId: customer.internalId } },
    });
    expect(read.data).toStrictEqual(customer);
    const listed = await finance.GET('/customers', {
      params: { query: { externalId: 'A00012345' } },
    });
    expect(listed.data).toStrictEqual({ data: [customer], page: { limit: 50, nextCursor: null } });
  });

  it('answers 409 conflict to a second customer with the same external id', async () => {
    const second = await finance.POST('/customers', { body: { ...acme, entityId: 'A00099999' } });
    expect(second.response.status).toBe(409);
    expect(second.error).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('posts a balanced journal entry, unapproved by default', async () => {
    const balanced = {
      ...november,
      line: [...november.line.slice(0, 2), { account: '2400', credit: '500.00' }],
    };
    const created = await finance.POST('/journal-entries', { body: balanced });
    expect(created.response.status).toBe(201);
    expect(created.data).toStrictEqual({
      ...balanced,
      internalId: created.data!.internalId,
      approved: false,
      createdAt: created.data!.createdAt,
      updatedAt: created.data!.createdAt,
    });
  });

  it.each([
    {
      given: 'debits and credits that differ',
      lines: november.line,
      detail: 'expected the debits to equal the credits, got debits 27500.00 and credits 27500.50',
    },
    {
      given: 'a line with both debit and credit',
      lines: [
        { account: '1200', debit: '10.00', credit: '10.00' },
        { account: '4000', credit: '10.00' },
      ],
      detail: 'expected line 0 to have exactly one of debit and credit, got both',
    },
    {
      given: 'a line with neither debit nor credit',
      lines: [{ account: '1200', debit: '10.00' }, { account: '4000' }],
      detail: 'expected line 1 to have exactly one of debit and credit, got neither',
    },
  ])(
    'refuses a journal entry with $given with 422 journal-unbalanced',
    async ({ lines, detail }) => {
      const refused = await finance.POST('/journal-entries', {
        body: { ...november, externalId: 'JE-REFUSED', line: lines },
      });
      expect(refused.response.status).toBe(422);
      expect(refused.error).toStrictEqual({
        type: 'https://junction.dev/errors/journal-unbalanced',
        title: 'The journal entry lines do not balance',
        status: 422,
        code: 'journal-unbalanced',
        detail,
        instance: '/finance/v1/journal-entries',
        correlationId: refused.response.headers.get('x-correlation-id'),
      });
    },
  );

  it('refuses a patch whose new lines do not balance with 422, and keeps the entry', async () => {
    const created = await finance.POST('/journal-entries', {
      body: {
        ...november,
        externalId: 'JE-PATCHED',
        line: [
          { account: '1200', debit: '1.00' },
          { account: '4000', credit: '1.00' },
        ],
      },
    });
    const path = { journalEntryId: created.data!.internalId };
    const refused = await finance.PATCH('/journal-entries/{journalEntryId}', {
      params: { path },
      body: { line: november.line },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(refused.response.status).toBe(422);
    expect(refused.error?.code).toBe('journal-unbalanced');
    const read = await finance.GET('/journal-entries/{journalEntryId}', { params: { path } });
    expect(read.data).toStrictEqual(created.data);
  });

  it('records a customer payment with its unapplied rest, and refuses one that applies more than it pays', async () => {
    const customer = (
      await finance.POST('/customers', {
        body: { ...acme, externalId: 'A00054321', entityId: 'A00054321' },
      })
    ).data!;
    const payment: Schemas['CustomerPaymentCreate'] = {
      externalId: 'P-00000789',
      customer: customer.internalId,
      tranDate: '2026-12-01',
      currency: 'EUR',
      payment: '1000.00',
      paymentMethod: 'Wire',
      apply: [{ doc: '20871', amount: '600.25' }],
    };
    const created = await finance.POST('/customer-payments', { body: payment });
    expect(created.response.status).toBe(201);
    expect(created.data).toStrictEqual({
      ...payment,
      internalId: created.data!.internalId,
      unapplied: '399.75',
      createdAt: created.data!.createdAt,
      updatedAt: created.data!.createdAt,
    });

    const overapplied = await finance.POST('/customer-payments', {
      body: { ...payment, externalId: 'P-00000790', apply: [{ doc: '20871', amount: '1000.01' }] },
    });
    expect(overapplied.response.status).toBe(422);
    expect(overapplied.error).toMatchObject({
      code: 'payment-overapplied',
      detail: 'expected the applications to add up to at most the payment 1000.00, got 1000.01',
    });
  });

  it('mirrors an invoice whose open amount defaults to its total, and lists it by customer and status', async () => {
    const invoice: Schemas['InvoiceCreate'] = {
      externalId: 'INV00023456',
      tranId: 'INV00023456',
      entity: '1',
      tranDate: '2026-11-15',
      dueDate: '2026-12-15',
      subsidiary: 'Junction B.V.',
      currency: 'EUR',
      item: [{ item: 'premium-saas', quantity: 25, rate: '1100.00', amount: '27500.00' }],
      total: { amount: '27500.00', currency: 'EUR' },
    };
    const created = await finance.POST('/invoices', { body: invoice });
    expect(created.data).toStrictEqual({
      ...invoice,
      internalId: created.data!.internalId,
      amountRemaining: invoice.total,
      status: 'Open',
      createdAt: created.data!.createdAt,
      updatedAt: created.data!.createdAt,
    });
    const listed = await finance.GET('/invoices', {
      params: { query: { entity: '1', status: 'Open' } },
    });
    expect(listed.data?.data).toStrictEqual([created.data]);
  });
});
