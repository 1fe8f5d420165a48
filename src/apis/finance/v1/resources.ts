import { nextNumber } from '../../numbers.js';
import type { ResourceSpec } from '../../resource.js';
import type { Schemas } from './schemas.js';

type Create<Name extends keyof Schemas> = Schemas[Name];

/** ERP customers, keyed by internal id; an external id in use is a conflict. */
export const customers: ResourceSpec<Schemas['Customer'], Create<'CustomerCreate'>> = {
  table: 'finance_customers',
  noun: 'customer',
  collection: 'customers',
  idField: 'internalId',
  complete: async (body, context) => ({
    terms: 'Net 30',
    isInactive: false,
    ...body,
    internalId: await nextNumber(context.store, 'finance.customer', '', 1),
  }),
};

/** Customer invoices; the amount still open is the total unless the caller says otherwise. */
export const invoices: ResourceSpec<Schemas['Invoice'], Create<'InvoiceCreate'>> = {
  table: 'finance_invoices',
  noun: 'invoice',
  collection: 'invoices',
  idField: 'internalId',
  complete: async (body, context) => ({
    amountRemaining: body.total,
    ...body,
    internalId: await nextNumber(context.store, 'finance.invoice', '', 1),
    status: 'Open',
  }),
};

/**
 * Customer payments. The handler checks the applications against the payment and passes the
 * unapplied rest in the body it completes.
 */
export const customerPayments: ResourceSpec<
  Schemas['CustomerPayment'],
  Create<'CustomerPaymentCreate'> & { unapplied: string }
> = {
  table: 'finance_customer_payments',
  noun: 'customer payment',
  collection: 'customer-payments',
  idField: 'internalId',
  complete: async (body, context) => ({
    apply: [],
    ...body,
    internalId: await nextNumber(context.store, 'finance.customer-payment', '', 1),
  }),
};

/** Journal entries; the handler has checked that their lines balance. */
export const journalEntries: ResourceSpec<Schemas['JournalEntry'], Create<'JournalEntryCreate'>> = {
  table: 'finance_journal_entries',
  noun: 'journal entry',
  collection: 'journal-entries',
  idField: 'internalId',
  complete: async (body, context) => ({
    approved: false,
    ...body,
    internalId: await nextNumber(context.store, 'finance.journal-entry', '', 1),
  }),
};
