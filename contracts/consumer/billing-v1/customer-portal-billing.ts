import { createBillingV1Client } from '../../../generated/billing-v1/client.js';
import type { BillingV1Client } from '../../../generated/billing-v1/client.js';
import type { components } from '../../../generated/billing-v1/types.js';
import { outcomeOf } from '../../support/outcome.js';
import type { Outcome } from '../../support/outcome.js';

type BillingContact = components['schemas']['BillingContact'];

/** A billing v1 client that sends the portal's access token with every request. */
export function billingClient(origin: string, accessToken: string): BillingV1Client {
  return createBillingV1Client(origin, { headers: { Authorization: `Bearer ${accessToken}` } });
}

/** The account numbers billed for a CRM account, as the portal's account switcher lists them. */
export async function accountNumbersOf(
  client: BillingV1Client,
  crmId: string,
): Promise<Outcome<string[]>> {
  const answer = await client.GET('/accounts', { params: { query: { crmId } } });
  return outcomeOf(answer, ({ data }) => data.map((account) => account.accountNumber));
}

/** Who receives the invoices of an account, as the portal's billing page shows it. */
export async function invoiceRecipient(
  client: BillingV1Client,
  accountNumber: string,
): Promise<Outcome<string>> {
  const answer = await client.GET('/accounts/{accountNumber}', {
    params: { path: { accountNumber } },
  });
  return outcomeOf(
    answer,
    ({ billToContact: contact }) =>
      `${contact.firstName} ${contact.lastName} <${contact.workEmail}>`,
  );
}

/** Opens a billing account at checkout; the answer is its account number and status. */
export async function openAccount(
  client: BillingV1Client,
  company: string,
  billTo: BillingContact,
): Promise<Outcome<string>> {
  const answer = await client.POST('/accounts', {
    body: { name: company, currency: 'EUR', billToContact: billTo },
  });
  return outcomeOf(answer, (account) => `${account.accountNumber} ${account.status}`);
}

/** Turns automatic card payment on for an account; the answer is its payment term and auto-pay. */
export async function enableAutoPay(
  client: BillingV1Client,
  accountNumber: string,
): Promise<Outcome<string>> {
  const answer = await client.PATCH('/accounts/{accountNumber}', {
    params: { path: { accountNumber } },
    body: { autoPay: true, paymentTerm: 'Due Upon Receipt' },
    headers: { 'content-type': 'application/merge-patch+json' },
  });
  return outcomeOf(answer, (account) => `${account.paymentTerm}, autoPay ${account.autoPay}`);
}
