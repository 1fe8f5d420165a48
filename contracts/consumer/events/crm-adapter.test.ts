import { describe, expect, it } from 'vitest';

import { opportunityTermsOf } from '../../../src/flows/reference/crm-link.js';
import { receiveEvent } from '../../support/event-interaction.js';
import { startPact } from '../../support/pact-files.js';
import { accountUpsert, invoiceUpsert, paymentUpsert } from './billing-snapshot.js';

const pact = startPact('crm-adapter', 'canonical-events-v1');

describe('the CRM link flow (F2) booking the opportunity of a new subscription', () => {
  it('reads the billing number, value and currency the opportunity books', async () => {
    const terms = await receiveEvent(
      pact,
      'subscription.created',
      (event) => event.data && opportunityTermsOf(event.data),
    );
    expect(terms).toStrictEqual({ externalId: 'S-00004567', amount: 27500, currency: 'EUR' });
  });
});

describe('the CRM adapter keeping the billing snapshot of the CRM current', () => {
  it('shows a new billing account under its CRM account', async () => {
    expect(await receiveEvent(pact, 'billing-account.created', accountUpsert)).toStrictEqual({
      object: 'Billing_Account__c',
      externalId: 'A00012345',
      fields: { Status__c: 'active', Currency__c: 'EUR' },
    });
  });

  const invoiceEvents = [
    { name: 'invoice.posted', status: 'posted', balance: '27500.00' },
    { name: 'invoice.paid', status: 'paid', balance: '0.00' },
    { name: 'invoice.cancelled', status: 'cancelled', balance: '0.00' },
  ] as const;

  it.each(invoiceEvents)('records the status of an $name event', async (row) => {
    expect(await receiveEvent(pact, row.name, invoiceUpsert)).toStrictEqual({
      object: 'Invoice__c',
      externalId: 'INV00023456',
      fields: { Status__c: row.status, Balance__c: row.balance },
    });
  });

  const paymentEvents = [
    { name: 'payment.processed', status: 'processed', invoices: '' },
    { name: 'payment.declined', status: 'declined', invoices: '' },
    { name: 'payment.refunded', status: 'refunded', invoices: 'INV00023456' },
    { name: 'payment.applied', status: 'applied', invoices: 'INV00023456' },
  ] as const;

  it.each(paymentEvents)('records the status of a $name event', async (row) => {
    expect(await receiveEvent(pact, row.name, paymentUpsert)).toStrictEqual({
      object: 'Payment__c',
      externalId: 'P-00007890',
      fields: { Status__c: row.status, Amount__c: '27500.00', Invoices__c: row.invoices },
    });
  });
});
