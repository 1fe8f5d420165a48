import { newEventId, type CloudEvent } from '../../events/envelope.js';
import type { JournalRunCompleted } from './journal-transfer.js';

/** The CloudEvents type that queues a completed billing journal run for F6. */
export const JOURNAL_RUN_COMPLETED_TYPE =
  'com.junction.integration.billing.journal-run.completed.v1';

/** The integration event `JournalRunCompleted` of specs/asyncapi/integration/v1/asyncapi.yaml. */
export type JournalRunCompletedEvent = CloudEvent<JournalRunCompleted>;

/** Who queues the journal run, and what caused it. */
export interface JournalRunQueuedBy {
  /** The component that accepted the work: `/junction/webhooks/inbound/billing`. */
  source: string;
  correlationId: string;
  /** The `webhook-id` of the callout that reported the run completed. */
  causationId: string;
}

/**
 * The event that queues `journalRunNumber` for transfer to the ERP, with a new id. Its subject is
 * the journal run, so the outbox keeps the events of one run in order.
 */
export function buildJournalRunCompletedEvent(
  journalRunNumber: string,
  queuedBy: JournalRunQueuedBy,
): JournalRunCompletedEvent {
  return {
    specversion: '1.0',
    id: newEventId(),
    source: queuedBy.source,
    type: JOURNAL_RUN_COMPLETED_TYPE,
    subject: `journal-runs/${journalRunNumber}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationid: queuedBy.correlationId,
    causationid: queuedBy.causationId,
    dataschemaversion: '1.0.0',
    data: { journalRunNumber },
  };
}
