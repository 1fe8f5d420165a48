import { SystemCallError } from './systems.js';

/**
 * One line of a billing journal entry, as the billing system's journal API answers with it
 * (DOMAIN 3.1 "Journal entry"). Amounts are JSON numbers in the entry's currency.
 */
export interface BillingJournalEntryItem {
  accountingCodeType: string;
  glAccountName: string;
  glAccountNumber: string;
  type: 'Debit' | 'Credit';
  amount: number;
  homeCurrencyAmount: number;
}

/** One billing journal entry of a journal run. */
export interface BillingJournalEntry {
  id: string;
  number: string;
  status: 'Created' | 'Cancelled';
  journalEntryDate: string;
  currency: string;
  homeCurrency: string;
  transactionType: string;
  accountingPeriodName: string;
  timePeriodStart: string;
  timePeriodEnd: string;
  transferredToAccounting: 'No' | 'Processing' | 'Yes' | 'Error' | 'Ignore';
  notes?: string;
  journalEntryItems: BillingJournalEntryItem[];
}

/**
 * The billing system's journal operations. Its spec (specs/systems/billing-system/v1) does not
 * declare them yet, so there is no generated client: these two calls follow the vendor's
 * documented shape, and `startJournalFake` serves them for tests.
 */
export interface BillingJournalApi {
  /** Every journal entry a journal run produced. */
  listJournalEntries(journalRunNumber: string): Promise<BillingJournalEntry[]>;
  /** Sets the entry's transfer state, with a note of where it went. */
  markTransferred(
    journalEntryNumber: string,
    change: { transferredToAccounting: 'Yes' | 'Error'; notes: string },
  ): Promise<void>;
}

/** The journal API of the billing system at `origin`. */
export function createBillingJournalApi(origin: string): BillingJournalApi {
  const base = origin.replace(/\/$/, '');
  return {
    async listJournalEntries(journalRunNumber) {
      const path = `/v1/journal-entries/journal-runs/${encodeURIComponent(journalRunNumber)}`;
      const body = await send('listJournalEntriesByJournalRun', `${base}${path}`, {
        method: 'GET',
      });
      return (body as { journalEntries: BillingJournalEntry[] }).journalEntries;
    },
    async markTransferred(journalEntryNumber, change) {
      const path = `/v1/journal-entries/${encodeURIComponent(journalEntryNumber)}/basic-information`;
      await send('updateJournalEntry', `${base}${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(change),
      });
    },
  };
}

async function send(operation: string, url: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new SystemCallError('billing-system', operation, undefined, true, 'got no answer', {
      cause: err,
    });
  }
  const text = await response.text();
  if (response.ok) return text === '' ? undefined : (JSON.parse(text) as unknown);
  const transient = response.status === 429 || response.status >= 500;
  const detail = `answered ${response.status}: ${text.slice(0, 300)}`;
  throw new SystemCallError('billing-system', operation, response.status, transient, detail);
}
