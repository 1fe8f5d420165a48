import type { FinanceV1Client } from '../../../generated/finance-v1/client.js';
import type { components } from '../../../generated/finance-v1/types.js';
import { outcomeOf } from '../../support/outcome.js';
import type { Outcome } from '../../support/outcome.js';

type InvoiceItem = components['schemas']['InvoiceItem'];
type JournalEntryLine = components['schemas']['JournalEntryLine'];

/** A posted billing invoice as the billing adapter mirrors it to the ERP. */
export interface BillingInvoice {
  invoiceNumber: string;
  /** The ERP customer of the invoice's billing account. */
  customerId: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  lines: InvoiceItem[];
  total: string;
}

/** The summary of one billing journal run, posted to the general ledger. */
export interface JournalRun {
  number: string;
  period: string;
  runDate: string;
  lines: JournalEntryLine[];
}

/** The ERP customer of a billing account, by the account number it carries as external id. */
export async function erpCustomerOf(
  client: FinanceV1Client,
  accountNumber: string,
): Promise<Outcome<string | undefined>> {
  const answer = await client.GET('/customers', {
    params: { query: { externalId: accountNumber } },
  });
  return outcomeOf(answer, ({ data }) => data[0]?.internalId);
}

/** What an invoice still asks of the customer, as the dunning run reads it from the ERP. */
export async function openAmountOf(
  client: FinanceV1Client,
  invoiceId: string,
): Promise<Outcome<string>> {
  const answer = await client.GET('/invoices/{invoiceId}', { params: { path: { invoiceId } } });
  return outcomeOf(
    answer,
    ({ amountRemaining, status }) =>
      `${amountRemaining.amount} ${amountRemaining.currency} ${status}`,
  );
}

/** Mirrors a posted billing invoice to the ERP; the answer is its ERP id and status. */
export async function mirrorInvoice(
  client: FinanceV1Client,
  invoice: BillingInvoice,
): Promise<Outcome<string>> {
  const answer = await client.POST('/invoices', {
    body: {
      externalId: invoice.invoiceNumber,
      tranId: invoice.invoiceNumber,
      entity: invoice.customerId,
      tranDate: invoice.invoiceDate,
      dueDate: invoice.dueDate,
      subsidiary: 'Junction B.V.',
      currency: invoice.currency,
      item: invoice.lines,
      total: { amount: invoice.total, currency: invoice.currency },
    },
  });
  return outcomeOf(answer, ({ internalId, status }) => `${internalId} ${status}`);
}

/** Posts the summary of a billing journal run; the answer is the ERP id of the journal entry. */
export async function postJournalRun(
  client: FinanceV1Client,
  run: JournalRun,
): Promise<Outcome<string>> {
  const answer = await client.POST('/journal-entries', {
    body: {
      externalId: run.number,
      tranId: run.number,
      tranDate: run.runDate,
      postingPeriod: run.period,
      subsidiary: 'Junction B.V.',
      currency: 'EUR',
      line: run.lines,
    },
  });
  return outcomeOf(answer, (entry) => entry.internalId);
}
