import type { Handlers } from '../../../../generated/canonical-v1/handlers.js';
import type { ApiContext } from '../../context.js';
import { createResource, getResource, listResource, updateResource } from '../../resource.js';
import {
  createOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from './organizations.js';
import { billingAccounts } from './billing-accounts.js';
import { contacts } from './contacts.js';
import { products } from './products.js';
import { plans } from './plans.js';
import { orders } from './orders.js';
import { subscriptions } from './subscriptions.js';
import { invoices } from './invoices.js';
import { payments } from './payments.js';
import { licenses } from './licenses.js';

/** The canonical v1 API: list, get, create and merge-patch of every canonical entity. */
export const handlers = {
  listOrganizations: (request, context) => listOrganizations(request.query, context),
  getOrganization: (request, context) => getOrganization(request.params.organizationId, context),
  createOrganization: (request, context) => createOrganization(request.body, context),
  updateOrganization: (request, context) =>
    updateOrganization(request.params.organizationId, request.body, context),
  listBillingAccounts: (request, context) => listResource(billingAccounts, request.query, context),
  getBillingAccount: (request, context) =>
    getResource(billingAccounts, request.params.billingAccountId, context),
  createBillingAccount: (request, context) =>
    createResource(billingAccounts, request.body, context),
  updateBillingAccount: (request, context) =>
    updateResource(billingAccounts, request.params.billingAccountId, request.body, context),
  listContacts: (request, context) => listResource(contacts, request.query, context),
  getContact: (request, context) => getResource(contacts, request.params.contactId, context),
  createContact: (request, context) => createResource(contacts, request.body, context),
  updateContact: (request, context) =>
    updateResource(contacts, request.params.contactId, request.body, context),
  listProducts: (request, context) => listResource(products, request.query, context),
  getProduct: (request, context) => getResource(products, request.params.productId, context),
  createProduct: (request, context) => createResource(products, request.body, context),
  updateProduct: (request, context) =>
    updateResource(products, request.params.productId, request.body, context),
  listPlans: (request, context) => listResource(plans, request.query, context),
  getPlan: (request, context) => getResource(plans, request.params.planId, context),
  createPlan: (request, context) => createResource(plans, request.body, context),
  updatePlan: (request, context) =>
    updateResource(plans, request.params.planId, request.body, context),
  listOrders: (request, context) => listResource(orders, request.query, context),
  getOrder: (request, context) => getResource(orders, request.params.orderId, context),
  createOrder: (request, context) => createResource(orders, request.body, context),
  updateOrder: (request, context) =>
    updateResource(orders, request.params.orderId, request.body, context),
  listSubscriptions: (request, context) => listResource(subscriptions, request.query, context),
  getSubscription: (request, context) =>
    getResource(subscriptions, request.params.subscriptionId, context),
  createSubscription: (request, context) => createResource(subscriptions, request.body, context),
  updateSubscription: (request, context) =>
    updateResource(subscriptions, request.params.subscriptionId, request.body, context),
  listInvoices: (request, context) => listResource(invoices, request.query, context),
  getInvoice: (request, context) => getResource(invoices, request.params.invoiceId, context),
  createInvoice: (request, context) => createResource(invoices, request.body, context),
  updateInvoice: (request, context) =>
    updateResource(invoices, request.params.invoiceId, request.body, context),
  listPayments: (request, context) => listResource(payments, request.query, context),
  getPayment: (request, context) => getResource(payments, request.params.paymentId, context),
  createPayment: (request, context) => createResource(payments, request.body, context),
  updatePayment: (request, context) =>
    updateResource(payments, request.params.paymentId, request.body, context),
  listLicenses: (request, context) => listResource(licenses, request.query, context),
  getLicense: (request, context) => getResource(licenses, request.params.licenseId, context),
  createLicense: (request, context) => createResource(licenses, request.body, context),
  updateLicense: (request, context) =>
    updateResource(licenses, request.params.licenseId, request.body, context),
} satisfies Handlers<ApiContext>;
