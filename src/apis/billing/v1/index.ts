import type { Handlers } from '../../../../generated/billing-v1/handlers.js';
import type { ApiContext } from '../../context.js';
import { createResource, getResource, listResource, updateResource } from '../../resource.js';
import { accounts, invoices, payments, subscriptions } from './resources.js';

/** The billing v1 API: accounts, subscriptions, invoices and payments in billing terms. */
export const handlers = {
  listAccounts: (request, context) => listResource(accounts, request.query, context),
  getAccount: (request, context) => getResource(accounts, request.params.accountNumber, context),
  createAccount: (request, context) => createResource(accounts, request.body, context),
  updateAccount: (request, context) =>
    updateResource(accounts, request.params.accountNumber, request.body, context),
  listSubscriptions: (request, context) => listResource(subscriptions, request.query, context),
  getSubscription: (request, context) =>
    getResource(subscriptions, request.params.subscriptionNumber, context),
  createSubscription: (request, context) => createResource(subscriptions, request.body, context),
  updateSubscription: (request, context) =>
    updateResource(subscriptions, request.params.subscriptionNumber, request.body, context),
  listInvoices: (request, context) => listResource(invoices, request.query, context),
  getInvoice: (request, context) => getResource(invoices, request.params.invoiceNumber, context),
  listPayments: (request, context) => listResource(payments, request.query, context),
  getPayment: (request, context) => getResource(payments, request.params.paymentNumber, context),
  createPayment: (request, context) => createResource(payments, request.body, context),
} satisfies Handlers<ApiContext>;
