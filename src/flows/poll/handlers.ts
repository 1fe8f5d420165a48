import type { Logger } from '../../observability/logger.js';
import type { Store } from '../../store/index.js';
import { snapshotPaymentsInCrm } from './crm-snapshot.js';
import { importErpPayment } from './erp-payments.js';

/** What a poll handler is given beside the item. */
export interface PollItemContext {
  store: Store;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** The poller's name, as configured. */
  poller: string;
  /** The correlation id of this poll, shared by everything the items cause. */
  correlationId: string;
}

/**
 * Handles one new item of a poll. It may be given the same item again after a crash or a failed
 * page, so it must be idempotent; throwing fails the poll, which is retried with backoff.
 */
export type PollItemHandler = (
  item: Record<string, unknown>,
  context: PollItemContext,
) => Promise<void>;

/** What a follow-up is given: the poll's context, and a way to keep the poll's lease. */
export interface PollFollowUpContext extends PollItemContext {
  /** Renews the poll's lease; false when it was lost, and the follow-up must stop. */
  renewLease(): Promise<boolean>;
}

/**
 * Does the work a handler queued with `queueFollowUp` (`follow-ups.ts`) and left pending, after
 * the items of every poll that read its pages. Work that fails stays queued for a later poll;
 * throwing, which fails the poll, is for a store that fails.
 */
export type PollFollowUp = (context: PollFollowUpContext) => Promise<void>;

/** The handlers pollers name in `junction.config.yaml`, by name. */
export const POLL_HANDLERS: Readonly<Record<string, PollItemHandler>> = {
  'erp-payment-to-canonical': importErpPayment,
};

/** The follow-up of each handler in `POLL_HANDLERS` that leaves work after its items. */
export const POLL_FOLLOW_UPS: Readonly<Record<string, PollFollowUp>> = {
  'erp-payment-to-canonical': snapshotPaymentsInCrm,
};
