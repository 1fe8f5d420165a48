import type { Router } from 'express';

import type { components } from '../../../generated/billing-system-v1/types.js';
import { createAccount, findAccount, mountAccounts } from './billing-accounts.js';
import { mountJournals, type BillingJournalRun } from './billing-journals.js';
import { createSubscription, changeSubscription, type OrderAction } from './billing-orders.js';
import { answerOnce, notFound, timestampOf } from './billing-support.js';
import { numberer } from './fake-system.js';
import type { FakeContext, FakeDefinition } from './fake-system.js';

type Schemas = components['schemas'];

/** A billing account as the fake keeps it: the create request's fields plus what Ledgerly adds. */
export type BillingAccount = Omit<Schemas['CreateAccountRequest'], 'billToContact'> & {
  id: string;
  accountNumber: string;
  status: Schemas['AccountStatus'];
  billToContact: Schemas['Contact'];
  soldToContact: Schemas['Contact'];
  createdDate: string;
  updatedDate: string;
};

/** The fake billing system's records, and the numbering it hands out. */
export interface BillingState {
  accounts: Map<string, BillingAccount>;
  /** The latest version of each subscription, by subscription number. */
  subscriptions: Map<string, Schemas['Subscription']>;
  orders: Map<string, Schemas['Order']>;
  payments: Map<string, Schemas['Payment']>;
  /** Invoices by id; tests seed them, as bill runs are outside the fake. */
  invoices: Map<string, Schemas['Invoice']>;
  /** Journal runs with their entries by run number; tests seed them, as journal runs are too. */
  journalRuns: Map<string, BillingJournalRun>;
  /** The catalog; the spec's example products to begin with. */
  products: Schemas['Product'][];
  /** First answers of POSTs by `Idempotency-Key`. */
  replies: Map<string, { status: number; body: unknown }>;
  next: BillingNumbering;
}

/** The generators of ids and numbers of the fake billing system. */
export interface BillingNumbering {
  id(): string;
  accountNumber(): string;
  subscriptionNumber(): string;
  orderNumber(): string;
  paymentNumber(): string;
  chargeNumber(): string;
}

/**
 * The billing system (billing-system-v1): accounts, orders, subscriptions, invoices, payments,
 * catalog and journal runs.
 */
export const billingFake: FakeDefinition<BillingState> = {
  apiId: 'billing-system-v1',
  createState: () => ({
    accounts: new Map(),
    subscriptions: new Map(),
    orders: new Map(),
    payments: new Map(),
    invoices: new Map(),
    journalRuns: new Map(),
    products: [],
    replies: new Map(),
    next: numbering(),
  }),
  seed(state, document) {
    state.products = catalogExample(document);
  },
  mount(router, state, context) {
    mountAccounts(router, state, context);
    mountOrders(router, state, context);
    mountPayments(router, state, context);
    mountJournals(router, state, context);
    router.get('/v1/invoices/:invoiceId', (request, response) => {
      const invoice = state.invoices.get(String(request.params.invoiceId));
      if (invoice === undefined) throw notFound(String(request.params.invoiceId));
      response.json({ ...invoice, success: true });
    });
    router.get('/v1/transactions/invoices/accounts/:accountKey', (request, response) => {
      const account = findAccount(state, String(request.params.accountKey));
      const invoices = [...state.invoices.values()].filter((i) => i.accountId === account.id);
      response.json({ invoices, success: true });
    });
    router.get('/v1/catalog/products', (_request, response) => {
      response.json({ products: state.products, success: true });
    });
  },
  errorBody: (status, message) => ({
    success: false,
    processId: '0000000000000000',
    reasons: [{ code: errorCodeOf(status), message }],
  }),
};

function catalogExample(document: Record<string, unknown>): Schemas['Product'][] {
  const paths = document.paths as Record<string, Record<string, unknown>>;
  const operation = paths['/v1/catalog/products']?.get as {
    responses: Record<
      string,
      { content: Record<string, { example: Schemas['ListProductsResponse'] }> }
    >;
  };
  return structuredClone(
    operation.responses['200']?.content['application/json']?.example.products ?? [],
  );
}

function errorCodeOf(status: number): number {
  if (status === 404) return 50000040;
  if (status === 401) return 90000011;
  return status < 500 ? 53100020 : 50000000;
}

function numbering(): BillingNumbering {
  let ids = 0;
  return {
    id: () => `8ad0${(++ids).toString(16).padStart(28, '0')}`,
    accountNumber: numberer('A', 8),
    subscriptionNumber: numberer('A-S', 8),
    orderNumber: numberer('O-', 8),
    paymentNumber: numberer('P-', 8),
    chargeNumber: numberer('C-', 8),
  };
}

function mountOrders(router: Router, state: BillingState, context: FakeContext): void {
  router.post('/v1/orders', (request, response) => {
    answerOnce(state, request, response, () =>
      placeOrder(state, request.body as Schemas['CreateOrderRequest'], context),
    );
  });
  router.get('/v1/orders/:orderNumber', (request, response) => {
    const order = state.orders.get(String(request.params.orderNumber));
    if (order === undefined) throw notFound(String(request.params.orderNumber));
    response.json({ success: true, order });
  });
  router.get('/v1/subscriptions/:subscriptionKey', (request, response) => {
    const key = String(request.params.subscriptionKey);
    const subscription =
      state.subscriptions.get(key) ?? [...state.subscriptions.values()].find((s) => s.id === key);
    if (subscription === undefined) throw notFound(key);
    response.json({ ...subscription, success: true });
  });
  router.get('/v1/subscriptions/accounts/:accountKey', (request, response) => {
    const account = findAccount(state, String(request.params.accountKey));
    const subscriptions = [...state.subscriptions.values()].filter(
      (s) => s.accountId === account.id,
    );
    response.json({ success: true, subscriptions });
  });
}

function placeOrder(
  state: BillingState,
  body: Schemas['CreateOrderRequest'],
  context: FakeContext,
): Schemas['CreateOrderResponse'] {
  const account =
    body.newAccount === undefined
      ? findAccount(state, body.existingAccountNumber ?? '')
      : createAccount(state, body.newAccount, context);
  const orderNumber = body.orderNumber ?? state.next.orderNumber();
  const subscriptions = body.subscriptions.map((entry) => {
    const actions = entry.orderActions as OrderAction[];
    const created = createSubscription(state, account, actions, { orderNumber, body });
    const subscription = created ?? changeSubscription(state, entry.subscriptionNumber, actions);
    return { subscription, actions: entry.orderActions };
  });
  const now = timestampOf(context);
  state.orders.set(orderNumber, {
    orderNumber,
    orderDate: body.orderDate,
    existingAccountNumber: account.accountNumber,
    status: 'Completed',
    createdDate: now,
    updatedDate: now,
    subscriptions: subscriptions.map(({ subscription, actions }) => ({
      subscriptionNumber: subscription.subscriptionNumber,
      baseVersion: subscription.version === 1 ? null : subscription.version - 1,
      newVersion: subscription.version,
      orderActions: actions,
    })),
  });
  return {
    success: true,
    orderNumber,
    accountNumber: account.accountNumber,
    status: 'Completed',
    subscriptionNumbers: subscriptions.map(({ subscription }) => subscription.subscriptionNumber),
    subscriptions: subscriptions.map(({ subscription }) => ({
      subscriptionNumber: subscription.subscriptionNumber,
      status: subscription.status,
    })),
  };
}

function mountPayments(router: Router, state: BillingState, context: FakeContext): void {
  router.post('/v1/payments', (request, response) => {
    answerOnce(state, request, response, () => {
      const payment = createPayment(
        state,
        request.body as Schemas['CreatePaymentRequest'],
        context,
      );
      return { ...payment, success: true };
    });
  });
  router.get('/v1/payments/:paymentKey', (request, response) => {
    const key = String(request.params.paymentKey);
    const payment =
      state.payments.get(key) ?? [...state.payments.values()].find((p) => p.number === key);
    if (payment === undefined) throw notFound(key);
    response.json({ ...payment, success: true });
  });
}

function createPayment(
  state: BillingState,
  request: Schemas['CreatePaymentRequest'],
  context: FakeContext,
): Schemas['Payment'] {
  const account = findAccount(state, request.accountId);
  const paidInvoices = (request.invoices ?? []).map((application) => {
    const invoice = state.invoices.get(application.invoiceId);
    if (invoice === undefined) throw notFound(application.invoiceId);
    return {
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber,
      appliedPaymentAmount: application.amount,
    };
  });
  const applied = paidInvoices.reduce((sum, paid) => sum + paid.appliedPaymentAmount, 0);
  const now = timestampOf(context);
  const payment: Schemas['Payment'] = {
    id: state.next.id(),
    number: state.next.paymentNumber(),
    accountId: account.id,
    accountNumber: account.accountNumber,
    amount: request.amount,
    appliedAmount: applied,
    unappliedAmount: Math.round((request.amount - applied) * 100) / 100,
    refundAmount: 0,
    currency: request.currency,
    effectiveDate: request.effectiveDate,
    status: 'Processed',
    type: request.type,
    ...(request.paymentMethodType === undefined
      ? {}
      : { paymentMethodType: request.paymentMethodType }),
    ...(request.referenceId === undefined ? {} : { referenceId: request.referenceId }),
    ...(request.comment === undefined ? {} : { comment: request.comment }),
    createdDate: now,
    updatedDate: now,
    paidInvoices,
  };
  state.payments.set(payment.id, payment);
  return payment;
}
