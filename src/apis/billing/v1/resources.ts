import { nextNumber } from '../../numbers.js';
import type { ResourceSpec } from '../../resource.js';
import type { Schemas } from './schemas.js';

/** Billing accounts, keyed by account number; the sold-to contact defaults to the bill-to. */
export const accounts: ResourceSpec<Schemas['BillingAccount'], Schemas['BillingAccountCreate']> = {
  table: 'billing_accounts',
  noun: 'billing account',
  collection: 'accounts',
  idField: 'accountNumber',
  complete: async (body, context) => ({
    billCycleDay: 1,
    paymentTerm: 'Net 30',
    autoPay: false,
    soldToContact: body.billToContact,
    ...body,
    accountNumber: await nextNumber(context.store, 'billing.account', 'A'),
    status: 'Active',
  }),
};

/** Subscriptions, keyed by subscription number; a new one is active from the start. */
export const subscriptions: ResourceSpec<Schemas['Subscription'], Schemas['SubscriptionCreate']> = {
  table: 'billing_subscriptions',
  noun: 'subscription',
  collection: 'subscriptions',
  idField: 'subscriptionNumber',
  complete: async (body, context) => ({
    autoRenew: true,
    ...body,
    subscriptionNumber: await nextNumber(context.store, 'billing.subscription', 'S-'),
    status: 'Active',
  }),
};

/** Invoices, keyed by invoice number; bill runs create them, this API only reads them. */
export const invoices: ResourceSpec<Schemas['Invoice'], never> = {
  table: 'billing_invoices',
  noun: 'invoice',
  collection: 'invoices',
  idField: 'invoiceNumber',
  complete: () => {
    throw new Error('invoices are created by bill runs, not through the billing API');
  },
};

/** Payments, keyed by payment number; a recorded payment is processed. */
export const payments: ResourceSpec<Schemas['Payment'], Schemas['PaymentCreate']> = {
  table: 'billing_payments',
  noun: 'payment',
  collection: 'payments',
  idField: 'paymentNumber',
  complete: async (body, context) => ({
    ...body,
    paymentNumber: await nextNumber(context.store, 'billing.payment', 'P-'),
    status: 'Processed',
  }),
};
