import type { SalesV1Client } from '../../../generated/sales-v1/client.js';
import { outcomeOf } from '../../support/outcome.js';
import type { Outcome } from '../../support/outcome.js';

/** A self-service buyer as the billing adapter knows them from a new billing subscription. */
export interface Buyer {
  company: string;
  domain: string;
  email: string;
}

/** The CRM account id of a buyer's web domain, if the CRM has one, for `crmId` in billing. */
export async function crmAccountOfDomain(
  client: SalesV1Client,
  domain: string,
): Promise<Outcome<string | undefined>> {
  const answer = await client.GET('/accounts', { params: { query: { website: domain } } });
  return outcomeOf(answer, ({ data }) => data[0]?.accountId);
}

/** Whether a CRM account is already a customer, which decides the opportunity type. */
export async function isCustomer(
  client: SalesV1Client,
  accountId: string,
): Promise<Outcome<boolean>> {
  const answer = await client.GET('/accounts/{accountId}', { params: { path: { accountId } } });
  return outcomeOf(answer, (account) => account.type === 'Customer');
}

/** Creates the CRM account of a buyer the CRM does not know; the answer is its id. */
export async function createCrmAccount(
  client: SalesV1Client,
  buyer: Buyer,
): Promise<Outcome<string>> {
  const answer = await client.POST('/accounts', {
    body: { name: buyer.company, website: buyer.domain, type: 'Prospect', ownerEmail: buyer.email },
  });
  return outcomeOf(answer, (account) => account.accountId);
}

/** Makes a CRM account a customer once its first subscription is billed; answers its type. */
export async function promoteToCustomer(
  client: SalesV1Client,
  accountId: string,
): Promise<Outcome<string>> {
  const answer = await client.PATCH('/accounts/{accountId}', {
    params: { path: { accountId } },
    body: { type: 'Customer' },
    headers: { 'content-type': 'application/merge-patch+json' },
  });
  return outcomeOf(answer, (account) => account.type);
}
