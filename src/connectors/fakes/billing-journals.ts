import type { Router } from 'express';

import type { components } from '../../../generated/billing-system-v1/types.js';
import type { BillingState } from './billing-fake.js';
import { notFound } from './billing-support.js';
import type { FakeContext } from './fake-system.js';

type Schemas = components['schemas'];

/** A journal run as the fake keeps it: the run and the journal entries it produced. */
export type BillingJournalRun = Omit<Schemas['GetJournalRunResponse'], 'success'> & {
  journalEntries: Schemas['JournalEntry'][];
};

/** The page size of journal entry lists when the request names none, as the spec defaults it. */
const DEFAULT_PAGE_SIZE = 20;

/**
 * Serves journal runs and their journal entries from `state.journalRuns`, which tests seed (the
 * fake runs no bill or journal runs of its own), and marks entries transferred to accounting.
 */
export function mountJournals(router: Router, state: BillingState, context: FakeContext): void {
  router.get('/v1/journal-runs/:journalRunNumber', (request, response) => {
    const run = findRun(state, request.params.journalRunNumber);
    response.json({
      success: true,
      number: run.number,
      status: run.status,
      targetStartDate: run.targetStartDate,
      targetEndDate: run.targetEndDate,
      ...(run.executedOn === undefined ? {} : { executedOn: run.executedOn }),
    });
  });
  router.get('/v1/journal-entries/journal-runs/:journalRunNumber', (request, response) => {
    const run = findRun(state, request.params.journalRunNumber);
    const page = Number(request.query.page ?? 1);
    const pageSize = Number(request.query.pageSize ?? DEFAULT_PAGE_SIZE);
    const start = (page - 1) * pageSize;
    const journalEntries = run.journalEntries.slice(start, start + pageSize);
    if (start + pageSize >= run.journalEntries.length) {
      response.json({ success: true, journalEntries });
      return;
    }
    const nextPage = `${context.origin()}${request.path}?page=${page + 1}&pageSize=${pageSize}`;
    response.json({ success: true, journalEntries, nextPage });
  });
  router.put('/v1/journal-entries/:journalEntryNumber/basic-information', (request, response) => {
    const change = request.body as Schemas['UpdateJournalEntryRequest'];
    updateEntry(state, String(request.params.journalEntryNumber), change);
    response.json({ success: true });
  });
}

function findRun(state: BillingState, number: unknown): BillingJournalRun {
  const run = state.journalRuns.get(String(number));
  if (run === undefined) throw notFound(String(number));
  return run;
}

/** Replaces the entry with its changed copy, so a seeded object is never changed in place. */
function updateEntry(
  state: BillingState,
  number: string,
  change: Schemas['UpdateJournalEntryRequest'],
): void {
  for (const run of state.journalRuns.values()) {
    const index = run.journalEntries.findIndex((entry) => entry.number === number);
    if (index === -1) continue;
    run.journalEntries[index] = { ...run.journalEntries[index]!, ...change };
    return;
  }
  throw notFound(number);
}
