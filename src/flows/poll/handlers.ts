import type { Logger } from '../../observability/logger.js';
import type { Store } from '../../store/index.js';
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

/** The handlers pollers name in `junction.config.yaml`, by name. */
export const POLL_HANDLERS: Readonly<Record<string, PollItemHandler>> = {
  'erp-payment-to-canonical': importErpPayment,
};
