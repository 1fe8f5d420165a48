import type { Kysely } from 'kysely';

import { recordDeadLetter } from '../../events/dead-letters.js';
import type { Logger } from '../../observability/logger.js';
import type { Store } from '../../store/index.js';
import { runSaga, type SagaResult, type SagaStep, type SagaStepContext } from '../saga.js';
import { findIncident, openIncident } from './incidents.js';
import {
  markTransferred,
  readJournalRunEntries,
  type BillingJournalEntry,
} from './journal-billing.js';
import { centsOf, checkJournalEntry, type ErpLedger } from './journal-entry-check.js';
import { SystemCallError, type ReferenceSystems } from './systems.js';

/** The flow's name in the flow-run log, and the stage of its dead letters. */
export const JOURNAL_TRANSFER_FLOW = 'journal-transfer';

/** What the flow needs beside the journal run. */
export interface JournalTransferDeps {
  store: Store;
  systems: ReferenceSystems;
  ledger: ErpLedger;
  /** How often a transient ERP failure is tried, and the pause before the second try. */
  retry?: { attempts: number; delayMs: number };
  logger?: Logger;
}

/** The billing callout "journal run completed": which run to transfer. */
export interface JournalRunCompleted {
  journalRunNumber: string;
}

interface Refused {
  number: string;
  reason: string;
  deadLetterId: string;
}

type Context = SagaStepContext<JournalRunCompleted>;

/** What identifies one run beside its correlation id. */
export interface JournalTransferRunOptions {
  /** The id of the `JournalRunCompleted` event the run handles. */
  causationId?: string;
  /** The run's id; a random UUID when absent. */
  runId?: string;
}

/**
 * F6: transfers a completed billing journal run to the ERP; a run billing does not report
 * completed is refused before anything is written. Each entry is checked first; one that fails
 * the check is dead-lettered with the reason and opens an incident (once: a later run refusing
 * it for the same reason points at the same ones), and the others go on. Valid entries are
 * upserted in the ERP by their number as external id (so a repeat creates nothing new), retried
 * on transient failures and dead-lettered when those persist, then marked transferred in
 * billing with an audit record of each transfer.
 */
export function runJournalTransfer(
  deps: JournalTransferDeps,
  trigger: JournalRunCompleted,
  correlationId: string,
  options: JournalTransferRunOptions = {},
): Promise<SagaResult> {
  return runSaga(
    deps.store,
    { name: JOURNAL_TRANSFER_FLOW, steps: journalTransferSteps(deps) },
    trigger,
    { correlationId, ...options, ...(deps.logger === undefined ? {} : { logger: deps.logger }) },
  );
}

/** The steps of F6; none calls for a compensation, as every write is an idempotent upsert. */
export function journalTransferSteps(deps: JournalTransferDeps): SagaStep<JournalRunCompleted>[] {
  return [
    {
      name: 'fetch-journal-entries',
      system: 'billing-system',
      run: (context) => readJournalRunEntries(deps.systems.billing, context.input.journalRunNumber),
    },
    { name: 'validate-journal-entries', system: 'junction', run: (c) => validate(deps, c) },
    { name: 'create-erp-journal-entries', system: 'erp-system', run: (c) => create(deps, c) },
    { name: 'mark-transferred', system: 'billing-system', run: (c) => markAll(deps, c) },
  ];
}

function entriesOf(context: Context): BillingJournalEntry[] {
  return context.results['fetch-journal-entries'] as BillingJournalEntry[];
}

async function validate(deps: JournalTransferDeps, context: Context) {
  const valid: string[] = [];
  const invalid: Refused[] = [];
  const skipped: string[] = [];
  for (const entry of entriesOf(context)) {
    if (entry.transferredToAccounting === 'Yes') {
      skipped.push(entry.number);
      continue;
    }
    const reason = checkJournalEntry(entry, deps.ledger);
    if (reason === undefined) valid.push(entry.number);
    else invalid.push(await refuse(deps, context, entry, reason));
  }
  return { valid, invalid, skipped };
}

async function refuse(
  deps: JournalTransferDeps,
  context: Context,
  entry: BillingJournalEntry,
  reason: string,
): Promise<Refused> {
  const subject = `journal-entries/${entry.number}`;
  const earlier = await findIncident(deps.store, { flow: JOURNAL_TRANSFER_FLOW, subject, reason });
  if (earlier?.deadLetterId)
    return { number: entry.number, reason, deadLetterId: earlier.deadLetterId };
  const deadLetterId = await recordDeadLetter(deps.store, {
    stage: `flow:${JOURNAL_TRANSFER_FLOW}`,
    eventType: 'billing.journal-entry',
    payload: entry,
    reason,
  });
  await openIncident(deps.store, {
    flow: JOURNAL_TRANSFER_FLOW,
    runId: context.runId,
    correlationId: context.correlationId,
    subject,
    reason,
    deadLetterId,
  });
  return { number: entry.number, reason, deadLetterId };
}

async function create(deps: JournalTransferDeps, context: Context) {
  const { valid } = context.results['validate-journal-entries'] as { valid: string[] };
  const entries = entriesOf(context).filter((entry) => valid.includes(entry.number));
  const created: { number: string; location: string | null; attempts: number }[] = [];
  const failed: Refused[] = [];
  for (const entry of entries) {
    const outcome = await upsertWithRetry(deps, entry);
    if (outcome.ok) created.push({ number: entry.number, ...outcome.value });
    else failed.push(await refuse(deps, context, entry, outcome.reason));
  }
  return { created, failed };
}

type Upserted = { ok: true; value: { location: string | null; attempts: number } };

async function upsertWithRetry(
  deps: JournalTransferDeps,
  entry: BillingJournalEntry,
): Promise<Upserted | { ok: false; reason: string }> {
  const { attempts, delayMs } = deps.retry ?? { attempts: 3, delayMs: 200 };
  for (let attempt = 1; ; attempt++) {
    try {
      const location = await upsertInErp(deps, entry);
      return { ok: true, value: { location, attempts: attempt } };
    } catch (err) {
      const transient = err instanceof SystemCallError && err.transient;
      const message = err instanceof Error ? err.message : String(err);
      if (!transient || attempt >= attempts) {
        const tries = attempt === 1 ? '1 attempt' : `${attempt} attempts`;
        return {
          ok: false,
          reason: `the ERP refused journal entry ${entry.number} after ${tries}: ${message}`,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
}

async function upsertInErp(
  deps: JournalTransferDeps,
  entry: BillingJournalEntry,
): Promise<string | null> {
  const { ledger } = deps;
  const result = await deps.systems.erp
    .PUT('/services/rest/record/v1/journalEntry/{id}', {
      params: { path: { id: `eid:${entry.number}` } },
      body: {
        subsidiary: { id: ledger.subsidiaryId },
        currency: { id: ledger.currencies[entry.currency]! },
        tranDate: entry.journalEntryDate,
        memo: `Billing journal entry ${entry.number} (${entry.accountingPeriodName})`,
        line: {
          items: entry.journalEntryItems.map((item) => ({
            account: { id: ledger.accounts[item.glAccountNumber]! },
            ...(item.type === 'Debit' ? { debit: item.amount } : { credit: item.amount }),
            memo: item.glAccountName,
          })),
        },
      },
    })
    .catch((err: unknown) => {
      throw new SystemCallError(
        'erp-system',
        'upsertJournalEntry',
        undefined,
        true,
        'got no answer',
        {
          cause: err,
        },
      );
    });
  if (!result.response.ok) {
    const status = result.response.status;
    const detail = `answered ${status}: ${JSON.stringify(result.error ?? null).slice(0, 300)}`;
    throw new SystemCallError(
      'erp-system',
      'upsertJournalEntry',
      status,
      status === 429 || status >= 500,
      detail,
    );
  }
  return result.response.headers.get('location');
}

async function markAll(deps: JournalTransferDeps, context: Context) {
  const { created } = context.results['create-erp-journal-entries'] as {
    created: { number: string; location: string | null }[];
  };
  const transferred: string[] = [];
  for (const { number, location } of created) {
    const entry = entriesOf(context).find((candidate) => candidate.number === number)!;
    await markTransferred(deps.systems.billing, number, location ?? `eid:${number}`);
    await recordTransfer(deps.store, context, entry, location ?? `eid:${number}`);
    transferred.push(number);
  }
  return { transferred };
}

interface TransferRow {
  journal_entry_number: string;
  journal_run_number: string;
  erp_location: string;
  run_id: string;
  correlation_id: string;
  debit_total: string;
  currency: string;
  transferred_at: string;
}

/** The audit record of one transfer; a repeat of the same entry keeps the first record. */
async function recordTransfer(
  store: Store,
  context: Context,
  entry: BillingJournalEntry,
  location: string,
): Promise<void> {
  await (store.db as Kysely<{ journal_entry_transfers: TransferRow }>)
    .insertInto('journal_entry_transfers')
    .values({
      journal_entry_number: entry.number,
      journal_run_number: context.input.journalRunNumber,
      erp_location: location,
      run_id: context.runId,
      correlation_id: context.correlationId,
      debit_total: (centsOf(entry, 'Debit') / 100).toFixed(2),
      currency: entry.currency,
      transferred_at: new Date().toISOString(),
    })
    .onConflict((conflict) => conflict.column('journal_entry_number').doNothing())
    .execute();
}

/** The audit records of the transfers of one journal run, by entry number. */
export async function listTransfers(
  store: Store,
  journalRunNumber: string,
): Promise<TransferRow[]> {
  return (store.db as Kysely<{ journal_entry_transfers: TransferRow }>)
    .selectFrom('journal_entry_transfers')
    .selectAll()
    .where('journal_run_number', '=', journalRunNumber)
    .orderBy('journal_entry_number')
    .execute();
}
