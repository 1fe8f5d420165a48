import { randomUUID } from 'node:crypto';

import {
  createBillingSystemV1Client,
  type BillingSystemV1Client,
} from '../../../generated/billing-system-v1/client.js';
import { buildCanonicalEvent } from '../../apis/canonical/events/canonical-event.js';
import {
  canonicalSubscriptionNumber,
  mapBillingSubscription,
  type BillingSubscription,
  type CanonicalSubscription,
} from '../../domain/systems/billing-system.js';
import { buildJournalRunCompletedEvent } from '../../flows/reference/journal-run-completed.js';
import { ProblemError } from '../../runtime/errors.js';
import type { Store, StoredRecord } from '../../store/index.js';
import type { CanonicalEventName } from '../canonical-event-types.js';
import type { CloudEvent } from '../envelope.js';
import { appendToOutbox } from '../outbox.js';

/** A billing-system callout: the event and the number of the record it is about, nothing more. */
export type BillingCallout = SubscriptionCallout | JournalRunCallout;

/** A callout about a subscription, which becomes its canonical record and event. */
export interface SubscriptionCallout {
  eventType: keyof typeof CALLOUT_EVENTS;
  subscriptionNumber: string;
}

/** The callout "journal run completed", which queues the run for F6. */
export interface JournalRunCallout {
  eventType: 'JournalRunCompleted';
  journalRunNumber: string;
}

/** The canonical event each subscription callout event type becomes. */
const CALLOUT_EVENTS = {
  SubscriptionCreated: 'subscription.created',
  SubscriptionAmended: 'subscription.amended',
  SubscriptionRenewed: 'subscription.renewed',
  SubscriptionCancelled: 'subscription.cancelled',
} as const satisfies Record<string, CanonicalEventName>;

/** The one field beside `eventType` each callout event type carries. */
const CALLOUT_FIELDS = {
  SubscriptionCreated: 'subscriptionNumber',
  SubscriptionAmended: 'subscriptionNumber',
  SubscriptionRenewed: 'subscriptionNumber',
  SubscriptionCancelled: 'subscriptionNumber',
  JournalRunCompleted: 'journalRunNumber',
} as const;

/** What each record number is, and its longest length as the billing system's spec allows it. */
const NUMBER_FIELDS = {
  subscriptionNumber: { what: 'the subscription number', maxLength: 100 },
  journalRunNumber: { what: 'the journal run number', maxLength: 50 },
} as const;

/** What a callout needs to reach the billing system. */
export interface BillingSystemAccess {
  client: BillingSystemV1Client;
}

/**
 * The billing system client from `BILLING_SYSTEM_URL` (`http://127.0.0.1:4010`, the mock, by
 * default), authenticated with `BILLING_SYSTEM_ACCESS_KEY_ID` and `BILLING_SYSTEM_SECRET_ACCESS_KEY`
 * when they are set.
 */
export function billingSystemAccess(env: NodeJS.ProcessEnv): BillingSystemAccess {
  const keyId = env.BILLING_SYSTEM_ACCESS_KEY_ID;
  const secret = env.BILLING_SYSTEM_SECRET_ACCESS_KEY;
  const headers = keyId && secret ? { apiAccessKeyId: keyId, apiSecretAccessKey: secret } : {};
  const origin = env.BILLING_SYSTEM_URL || 'http://127.0.0.1:4010';
  return { client: createBillingSystemV1Client(origin, { headers }) };
}

/** What a callout needs: the billing system, and whether F6 takes journal runs. */
export interface BillingCalloutOptions extends BillingSystemAccess {
  /** True when F6 has its ERP ledger; a JournalRunCompleted callout is refused otherwise. */
  journalTransfer: boolean;
}

/** Who sent the callout: the source, the request's correlation id and the `webhook-id`. */
interface CalloutOrigin {
  source: string;
  correlationId: string;
  webhookId: string;
}

/**
 * Reads a callout body: a known `eventType` and the record number it carries, and no other
 * field. A ProblemError 400 names the field that is missing, unknown or of the wrong shape.
 */
export function parseBillingCallout(body: unknown): BillingCallout {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { eventType } = fields;
  if (typeof eventType !== 'string' || !Object.hasOwn(CALLOUT_FIELDS, eventType)) {
    const known = Object.keys(CALLOUT_FIELDS).join(', ');
    throw invalidCallout('/eventType', `expected one of ${known}, got ${describe(eventType)}`);
  }
  const field = CALLOUT_FIELDS[eventType as keyof typeof CALLOUT_FIELDS];
  const unknown = Object.keys(fields).find((name) => name !== 'eventType' && name !== field);
  if (unknown !== undefined) {
    const message = `expected only eventType and ${field} in a ${eventType} callout, got the field ${JSON.stringify(unknown)}`;
    throw invalidCallout(`/${unknown.replaceAll('~', '~0').replaceAll('/', '~1')}`, message);
  }
  const number = fields[field];
  const { what, maxLength } = NUMBER_FIELDS[field];
  if (typeof number !== 'string' || number === '' || number.length > maxLength) {
    const expected = `expected ${what} as a string of 1 to ${maxLength} characters`;
    throw invalidCallout(`/${field}`, `${expected}, got ${describe(number)}`);
  }
  // The table above pairs each event type with its field, so the pair is one of the union's.
  return { eventType, [field]: number } as unknown as BillingCallout;
}

/**
 * Prepares what a callout stores, to run in the transaction that also records the callout as
 * received. A subscription callout fetches the subscription from the billing system and upserts
 * its canonical record and event; a journal run callout queues the run for F6 as a
 * `JournalRunCompleted` integration event. Throws a ProblemError when F6 is off, the billing
 * system fails, or the record refers to something Junction does not know.
 */
export async function prepareBillingCallout(
  store: Store,
  callout: BillingCallout,
  options: BillingCalloutOptions & CalloutOrigin,
): Promise<(tx: Store) => Promise<CloudEvent[]>> {
  if (callout.eventType === 'JournalRunCompleted') return prepareJournalRun(callout, options);
  return prepareSubscription(store, callout, options);
}

/** Queues the journal run for F6: the event the `reference.journal-transfer` consumer handles. */
function prepareJournalRun(
  callout: JournalRunCallout,
  options: BillingCalloutOptions & CalloutOrigin,
): (tx: Store) => Promise<CloudEvent[]> {
  if (!options.journalTransfer) throw journalTransferOff();
  return async (tx) => {
    const event = buildJournalRunCompletedEvent(callout.journalRunNumber, {
      source: `/junction/webhooks/inbound/${options.source}`,
      correlationId: options.correlationId,
      causationId: options.webhookId,
    });
    await appendToOutbox(tx, [event]);
    return [event];
  };
}

async function prepareSubscription(
  store: Store,
  callout: SubscriptionCallout,
  options: BillingSystemAccess & CalloutOrigin,
): Promise<(tx: Store) => Promise<CloudEvent[]>> {
  const vendor = await fetchSubscription(options.client, callout.subscriptionNumber);
  const number = canonicalSubscriptionNumber(vendor.subscriptionNumber);
  const existing = number ? await subscriptions(store).getByKey(number) : undefined;
  const account = await store.records('canonical_billing_accounts').getByKey(vendor.accountNumber);
  if (!account) {
    throw unresolved(`Junction has no billing account '${vendor.accountNumber}'`, '/accountNumber');
  }
  const now = new Date().toISOString();
  const mapped = mapBillingSubscription(vendor, {
    id: existing?.id ?? randomUUID(),
    billingAccountId: account.id,
    planIds: await planIdsByBillingRef(store),
    currency: typeof account.currency === 'string' ? account.currency : 'USD',
    externalRefs: (existing?.externalRefs ?? []) as CanonicalSubscription['externalRefs'],
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  if (!mapped.ok)
    throw unresolved(
      `Subscription '${vendor.subscriptionNumber}': ${mapped.message}`,
      mapped.pointer,
    );
  const record = mapped.value as unknown as StoredRecord;
  return async (tx) => {
    const repository = subscriptions(tx);
    if (existing) await repository.replace(record);
    else await repository.insert(record);
    const event = buildCanonicalEvent(record, {
      event: CALLOUT_EVENTS[callout.eventType],
      source: `/junction/webhooks/inbound/${options.source}`,
      correlationId: options.correlationId,
      causationId: options.webhookId,
    });
    await appendToOutbox(tx, [event]);
    return [event];
  };
}

async function fetchSubscription(
  client: BillingSystemV1Client,
  subscriptionNumber: string,
): Promise<BillingSubscription> {
  const answer = await client
    .GET('/v1/subscriptions/{subscriptionKey}', {
      params: { path: { subscriptionKey: subscriptionNumber } },
      signal: AbortSignal.timeout(10_000),
    })
    .catch((err: unknown) => {
      throw new ProblemError(
        'upstream-failed',
        `The billing system did not answer for subscription '${subscriptionNumber}'; the callout can be retried.`,
        [],
        { cause: err },
      );
    });
  if (answer.response.status === 404) {
    throw unresolved(
      `The billing system has no subscription '${subscriptionNumber}'`,
      '/subscriptionNumber',
    );
  }
  if (!answer.data) {
    throw new ProblemError(
      'upstream-failed',
      `The billing system answered ${answer.response.status} for subscription '${subscriptionNumber}'; the callout can be retried.`,
    );
  }
  return answer.data;
}

/** Canonical plan ids by the billing-system id in their `externalRefs`. */
async function planIdsByBillingRef(store: Store): Promise<Record<string, string>> {
  const planIds: Record<string, string> = {};
  let cursor: string | undefined;
  // Bounded: a catalogue of more than 5,000 plans needs a lookup table of its own.
  for (let page = 0; page < 50; page += 1) {
    const result = await store.records('canonical_plans').list({ limit: 100, cursor, filters: {} });
    for (const plan of result.items) {
      for (const ref of (plan.externalRefs ?? []) as { system: string; id: string }[]) {
        if (ref.system === 'billing') planIds[ref.id] = plan.id;
      }
    }
    if (result.nextCursor === null) break;
    cursor = result.nextCursor;
  }
  return planIds;
}

function subscriptions(store: Store) {
  return store.records('canonical_subscriptions');
}

function invalidCallout(pointer: string, message: string): ProblemError {
  return new ProblemError('validation-failed', `The callout is not valid: ${message}.`, [
    { in: 'body', pointer, message },
  ]);
}

function journalTransferOff(): ProblemError {
  return new ProblemError(
    'flow-not-configured',
    'Journal transfer (F6) is off: junction.config.yaml has no referenceFlows.journalTransfer.ledger; ' +
      "configure the ERP ledger, and the sender's retry of this callout will succeed.",
  );
}

function describe(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}

function unresolved(what: string, pointer: string): ProblemError {
  return new ProblemError(
    'reference-unknown',
    `${what}; create it first, and the sender's retry of this callout will succeed.`,
    [{ pointer, message: 'cannot be resolved' }],
  );
}
