import type { BillingSystemV1Client } from '../../../generated/billing-system-v1/client.js';
import type { components } from '../../../generated/billing-system-v1/types.js';
import { callSystem } from './systems.js';

/** One billing journal entry of a journal run (DOMAIN 3.1 "Journal entry"). */
export type BillingJournalEntry = components['schemas']['JournalEntry'];

/** The largest page the billing system answers, so a run is read in as few calls as it can. */
const PAGE_SIZE = 40;

/**
 * Every journal entry of a journal run that has completed, all pages of it. A run that is
 * pending or ended in error is refused with a message naming its status.
 */
export async function readJournalRunEntries(
  billing: BillingSystemV1Client,
  journalRunNumber: string,
): Promise<BillingJournalEntry[]> {
  const path = { journalRunNumber };
  const run = await callSystem(
    'billing-system',
    'getJournalRun',
    billing.GET('/v1/journal-runs/{journalRunNumber}', { params: { path } }),
  );
  if (run.status !== 'Completed') {
    throw new Error(
      `journal run ${journalRunNumber} is ${run.status}, not Completed; ` +
        'transfer it once billing reports it completed',
    );
  }

  const entries: BillingJournalEntry[] = [];
  for (let page = 1; ; page++) {
    const answer = await callSystem(
      'billing-system',
      'listJournalEntriesByJournalRun',
      billing.GET('/v1/journal-entries/journal-runs/{journalRunNumber}', {
        params: { path, query: { page, pageSize: PAGE_SIZE } },
      }),
    );
    entries.push(...answer.journalEntries);
    if (answer.nextPage === undefined) return entries;
  }
}

/** Records in billing that the entry reached the ERP, and where. */
export async function markTransferred(
  billing: BillingSystemV1Client,
  journalEntryNumber: string,
  location: string,
): Promise<void> {
  await callSystem(
    'billing-system',
    'updateJournalEntry',
    billing.PUT('/v1/journal-entries/{journalEntryNumber}/basic-information', {
      params: { path: { journalEntryNumber } },
      body: { transferredToAccounting: 'Yes', notes: `Transferred to the ERP as ${location}` },
    }),
  );
}
