import type { Handlers } from '../../../../generated/sales-v1/handlers.js';
import type { ApiContext } from '../../context.js';
import { createResource, getResource, listResource, updateResource } from '../../resource.js';
import { accounts, contacts, opportunities } from './resources.js';

/** The sales v1 API: CRM accounts, contacts and opportunities in the CRM's terms. */
export const handlers = {
  listAccounts: (request, context) => listResource(accounts, request.query, context),
  getAccount: (request, context) => getResource(accounts, request.params.accountId, context),
  createAccount: (request, context) => createResource(accounts, request.body, context),
  updateAccount: (request, context) =>
    updateResource(accounts, request.params.accountId, request.body, context),
  listContacts: (request, context) => listResource(contacts, request.query, context),
  getContact: (request, context) => getResource(contacts, request.params.contactId, context),
  createContact: (request, context) => createResource(contacts, request.body, context),
  updateContact: (request, context) =>
    updateResource(contacts, request.params.contactId, request.body, context),
  listOpportunities: (request, context) => listResource(opportunities, request.query, context),
  getOpportunity: (request, context) =>
    getResource(opportunities, request.params.opportunityId, context),
  createOpportunity: (request, context) => createResource(opportunities, request.body, context),
  updateOpportunity: (request, context) =>
    updateResource(opportunities, request.params.opportunityId, request.body, context),
} satisfies Handlers<ApiContext>;
