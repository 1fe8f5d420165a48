import { systemsFromEnv } from '../reference/systems.js';

/** One page a poller asks a source for: items changed at or after `since`, from `offset`. */
export interface PollPageRequest {
  /** The checkpoint's watermark; null on the first poll, which reads from the beginning. */
  since: string | null;
  limit: number;
  offset: number;
}

/** One page of items, ordered by watermark and then id, and whether another page follows. */
export interface PollPage {
  items: readonly Record<string, unknown>[];
  hasMore: boolean;
}

/**
 * Reads one page from an external system through its generated client; throws when the system
 * fails or cannot be reached, with a message that names the system, operation and cause.
 */
export type PollSource = (request: PollPageRequest, env: NodeJS.ProcessEnv) => Promise<PollPage>;

const listCustomerPayments: PollSource = async (request, env) => {
  const { erp } = systemsFromEnv(env);
  const q = request.since === null ? undefined : `lastModifiedDate ON_OR_AFTER "${request.since}"`;
  const query = { limit: request.limit, offset: request.offset, ...(q === undefined ? {} : { q }) };
  const { data, error, response } = await erp
    .GET('/services/rest/record/v1/customerPayment', { params: { query } })
    .catch((err: unknown) => {
      throw new Error(`erp-system-v1 listCustomerPayments could not be reached: ${reasonOf(err)}`, {
        cause: err,
      });
    });
  if (data === undefined) {
    const detail = error?.['o:errorDetails'][0]?.detail ?? response.statusText;
    throw new Error(`erp-system-v1 listCustomerPayments answered ${response.status}: ${detail}`);
  }
  return { items: data.items, hasMore: data.hasMore };
};

function reasonOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  const message = err instanceof Error ? err.message : String(err);
  return cause === undefined ? message : `${message} (${cause})`;
}

/** The operations pollers may read, by system spec API id and operation id. */
export const POLL_SOURCES: Readonly<Record<string, Readonly<Record<string, PollSource>>>> = {
  'erp-system-v1': { listCustomerPayments },
};
