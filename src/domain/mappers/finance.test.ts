import { describe, expect, it } from 'vitest';

import { toFinanceCustomerCreate } from './finance-customer.js';
import { toFinanceInvoiceCreate } from './finance-invoice.js';
import { toFinanceJournalEntryCreate } from './finance-journal-entry.js';
import type { BillingJournalEntry } from './finance-journal-entry.js';
import {
  acmeBillingAccount,
  acmeInvoice,
  acmeOrganization,
  without,
} from './samples.test-support.js';

const items = { '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d': 'premium-saas' };

describe('toFinanceCustomerCreate', () => {
  it('keys the customer by account number, names it after the organization, in the entity’s subsidiary', () => {
    expect(toFinanceCustomerCreate(acmeBillingAccount, acmeOrganization)).toStrictEqual({
      externalId: 'A00012345',
      entityId: 'A00012345',
      companyName: 'Acme Robotics GmbH',
      url: 'acme-robotics.example',
      subsidiary: 'Junction B.V.',
      currency: 'EUR',
      terms: 'Net 30',
      vatRegNumber: 'DE123456789',
      crmAccountId: '0015e00000ABCDeAAO',
    });
  });

  it('leaves out what the account and organization do not have', () => {
    const account = without(acmeBillingAccount, 'vatId');
    const organization = without(acmeOrganization, 'domain');
    expect(
      toFinanceCustomerCreate(
        { ...account, billingEntity: 'us-inc', currency: 'USD', paymentTerms: 'net-0' },
        { ...organization, externalRefs: [] },
      ),
    ).toStrictEqual({
      externalId: 'A00012345',
      entityId: 'A00012345',
      companyName: 'Acme Robotics GmbH',
      subsidiary: 'Junction Inc.',
      currency: 'USD',
      terms: 'Due on receipt',
    });
  });
});

describe('toFinanceInvoiceCreate', () => {
  it('mirrors the invoice with a unit rate per line and the balance as the open amount', () => {
    expect(
      toFinanceInvoiceCreate(acmeInvoice, { customerInternalId: '1042', itemsByPlanId: items }),
    ).toStrictEqual({
      externalId: 'INV00023456',
      tranId: 'INV00023456',
      entity: '1042',
      tranDate: '2026-11-15',
      dueDate: '2026-12-15',
      subsidiary: 'Junction B.V.',
      currency: 'EUR',
      item: [
        {
          item: 'premium-saas',
          description: '2026-11-15 to 2027-11-14',
          quantity: 25,
          rate: '1100.00',
          amount: '27500.00',
        },
      ],
      total: { amount: '27500.00', currency: 'EUR' },
      amountRemaining: { amount: '12500.00', currency: 'EUR' },
    });
  });

  it.each([
    { amount: '100.00', quantity: 8, rate: '12.50' },
    { amount: '100.00', quantity: 3, rate: undefined },
    { amount: '-30.00', quantity: 4, rate: '-7.50' },
    { amount: '10.00', quantity: 16, rate: '0.625' },
  ])('divides $amount by $quantity into the rate $rate', ({ amount, quantity, rate }) => {
    const invoice = {
      ...acmeInvoice,
      lines: [
        { planId: acmeInvoice.lines[0]!.planId, quantity, amount: { amount, currency: 'EUR' } },
      ],
    };
    const map = () =>
      toFinanceInvoiceCreate(invoice, { customerInternalId: '1042', itemsByPlanId: items });
    if (rate === undefined) {
      expect(map).toThrow(
        `toFinanceInvoiceCreate: expected a line amount that ${quantity} units divide into at most 4 fraction digits, got ${amount}`,
      );
    } else {
      expect(map().item).toStrictEqual([{ item: 'premium-saas', quantity, rate, amount }]);
    }
  });

  it('refuses a plan the ERP has no item for', () => {
    expect(() =>
      toFinanceInvoiceCreate(acmeInvoice, { customerInternalId: '1042', itemsByPlanId: {} }),
    ).toThrow(
      'toFinanceInvoiceCreate: expected an ERP item for plan 9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d, got none; add the plan to itemsByPlanId',
    );
  });
});

describe('toFinanceJournalEntryCreate', () => {
  const run: BillingJournalEntry = {
    number: 'JE-00000412',
    journalEntryDate: '2026-11-30',
    currency: 'EUR',
    billingEntity: 'nl-bv',
    notes: 'Billing journal run, November 2026',
    journalEntryItems: [
      {
        accountingCodeType: 'AccountsReceivable',
        glAccountNumber: '1200',
        type: 'Debit',
        amount: '27500.00',
      },
      {
        accountingCodeType: 'DeferredRevenue',
        glAccountNumber: '2400',
        type: 'Credit',
        amount: '25000.00',
      },
      {
        accountingCodeType: 'AccountsReceivable',
        glAccountNumber: '1200',
        type: 'Debit',
        amount: '1188.5',
      },
      {
        accountingCodeType: 'SalesRevenue',
        glAccountNumber: '4000',
        type: 'Credit',
        amount: '3688.50',
      },
    ],
  };

  it('summarises the items per GL account and side, posted to the month of the entry', () => {
    expect(toFinanceJournalEntryCreate(run)).toStrictEqual({
      externalId: 'JE-00000412',
      tranId: 'JE-00000412',
      tranDate: '2026-11-30',
      postingPeriod: 'Nov 2026',
      subsidiary: 'Junction B.V.',
      currency: 'EUR',
      memo: 'Billing journal run, November 2026',
      line: [
        { account: '1200', debit: '28688.50' },
        { account: '2400', credit: '25000.00' },
        { account: '4000', credit: '3688.50' },
      ],
      approved: false,
    });
  });
});
