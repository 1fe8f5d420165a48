import { randomUUID } from 'node:crypto';

import type { Consumer } from '../../events/bus.js';
import { handleOnce, hasHandled } from '../../events/inbox.js';
import { claimFlowKey, finishFlowKey } from './flow-keys.js';
import type { ErpLedger } from './journal-entry-check.js';
import {
  JOURNAL_RUN_COMPLETED_TYPE,
  type JournalRunCompletedEvent,
} from './journal-run-completed.js';
import {
  JOURNAL_TRANSFER_FLOW,
  runJournalTransfer,
  type JournalRunCompleted,
  type JournalTransferDeps,
} from './journal-transfer.js';

/** The consumer's name: the receive operation specs/asyncapi/integration/v1 declares for it. */
export const JOURNAL_TRANSFER_CONSUMER = `reference.${JOURNAL_TRANSFER_FLOW}`;

/** How one queued journal run ended. */
export type JournalTransferOutcome =
  | { kind: 'transferred'; runId: string }
  | { kind: 'already-transferred'; runId: string }
  | { kind: 'failed'; runId: string; reason: string };

/** What the consumer needs; without a ledger F6 is off and every event it receives fails. */
export type JournalTransferConsumerDeps = Omit<JournalTransferDeps, 'ledger'> & {
  ledger: ErpLedger | undefined;
};

/**
 * Runs F6 for a queued journal run, keyed by the run's number: a redelivered event, or a second
 * callout about the same run, finds the completed run and transfers nothing again. A key another
 * run still holds, or a run that ended without completing, is a failure, which the bus retries;
 * the next run takes over the key of a run that did not complete.
 */
export async function transferJournalRun(
  deps: JournalTransferDeps,
  trigger: JournalRunCompleted,
  ids: { correlationId: string; causationId: string },
): Promise<JournalTransferOutcome> {
  const key = trigger.journalRunNumber;
  const runId = randomUUID();
  const held = await claimFlowKey(deps.store, JOURNAL_TRANSFER_FLOW, key, runId);
  if (held?.status === 'completed') return { kind: 'already-transferred', runId: held.runId };
  if (held !== undefined) {
    return {
      kind: 'failed',
      runId: held.runId,
      reason: `run ${held.runId} still transfers ${key}`,
    };
  }

  const options = { runId, causationId: ids.causationId };
  const result = await runJournalTransfer(deps, trigger, ids.correlationId, options);
  await finishFlowKey(deps.store, JOURNAL_TRANSFER_FLOW, key, { runId, status: result.status });
  if (result.status === 'completed') return { kind: 'transferred', runId };
  const reason = `flow run ${runId} ended ${result.status}: ${result.error?.message ?? 'no reason recorded'}`;
  return { kind: 'failed', runId, reason };
}

/**
 * The bus consumer of F6: transfers each queued journal run once, with the event's correlation
 * id and the event as the run's cause. A failure is thrown, so the bus retries the event and at
 * last dead-letters it. While no ledger is configured every event fails so, naming what to
 * configure; its dead letter can be replayed once it is.
 */
export function journalTransferConsumer(deps: JournalTransferConsumerDeps): Consumer {
  return {
    name: JOURNAL_TRANSFER_CONSUMER,
    types: [JOURNAL_RUN_COMPLETED_TYPE],
    async handle(event) {
      if (await hasHandled(deps.store, JOURNAL_TRANSFER_CONSUMER, event.id)) return;
      const { ledger } = deps;
      if (ledger === undefined) throw journalTransferOff();
      const { data, correlationid, id } = event as JournalRunCompletedEvent;
      const ids = { correlationId: correlationid, causationId: id };
      const outcome = await transferJournalRun({ ...deps, ledger }, data, ids);
      if (outcome.kind === 'failed') throw new Error(outcome.reason);
      deps.logger?.info(
        { journalRunNumber: data.journalRunNumber, ...outcome },
        'journal run done',
      );
      await handleOnce(deps.store, JOURNAL_TRANSFER_CONSUMER, event.id, () => Promise.resolve());
    },
  };
}

function journalTransferOff(): Error {
  return new Error(
    'expected an ERP ledger under referenceFlows.journalTransfer.ledger in junction.config.yaml, ' +
      'got none: journal transfer (F6) is off; configure the ledger, then replay this dead letter',
  );
}
