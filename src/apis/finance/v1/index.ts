import type { Handlers } from '../../../../generated/finance-v1/handlers.js';
import { findJournalImbalance } from '../../../domain/finance/journal-balance.js';
import { unappliedAmount } from '../../../domain/finance/payment-application.js';
import { toProblem, type ErrorCode } from '../../../runtime/errors.js';
import type { ApiContext } from '../../context.js';
import { createResource, getResource, listResource, updateResource } from '../../resource.js';
import { customerPayments, customers, invoices, journalEntries } from './resources.js';
import type { Schemas } from './schemas.js';

/** The finance v1 API: ERP customers, invoices, customer payments and journal entries. */
export const handlers = {
  listCustomers: (request, context) => listResource(customers, request.query, context),
  getCustomer: (request, context) => getResource(customers, request.params.customerId, context),
  createCustomer: (request, context) => createResource(customers, request.body, context),
  updateCustomer: (request, context) =>
    updateResource(customers, request.params.customerId, request.body, context),
  listInvoices: (request, context) => listResource(invoices, request.query, context),
  getInvoice: (request, context) => getResource(invoices, request.params.invoiceId, context),
  createInvoice: (request, context) => createResource(invoices, request.body, context),
  updateInvoice: (request, context) =>
    updateResource(invoices, request.params.invoiceId, request.body, context),
  listCustomerPayments: (request, context) =>
    listResource(customerPayments, request.query, context),
  getCustomerPayment: (request, context) =>
    getResource(customerPayments, request.params.paymentId, context),
  createCustomerPayment: (request, context) => createCustomerPayment(request.body, context),
  updateCustomerPayment: (request, context) =>
    updateResource(customerPayments, request.params.paymentId, request.body, context),
  listJournalEntries: (request, context) => listResource(journalEntries, request.query, context),
  getJournalEntry: (request, context) =>
    getResource(journalEntries, request.params.journalEntryId, context),
  createJournalEntry: (request, context) => {
    const imbalance = findJournalImbalance(request.body.line);
    if (imbalance) return ruleViolated('journal-unbalanced', imbalance, context);
    return createResource(journalEntries, request.body, context);
  },
  updateJournalEntry: (request, context) => {
    const imbalance = request.body.line && findJournalImbalance(request.body.line);
    if (imbalance) return ruleViolated('journal-unbalanced', imbalance, context);
    return updateResource(journalEntries, request.params.journalEntryId, request.body, context);
  },
} satisfies Handlers<ApiContext>;

async function createCustomerPayment(body: Schemas['CustomerPaymentCreate'], context: ApiContext) {
  const applied = (body.apply ?? []).map((application) => application.amount);
  const result = unappliedAmount(body.payment, applied);
  if ('reason' in result) return ruleViolated('payment-overapplied', result.reason, context);
  return createResource(customerPayments, { ...body, unapplied: result.unapplied }, context);
}

function ruleViolated(code: ErrorCode, detail: string, context: ApiContext) {
  return {
    status: 422 as const,
    body: toProblem(code, detail, { correlationId: context.correlationId }),
  };
}
