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
import { ProblemError } from '../../runtime/errors.js';
import type { Store, StoredRecord } from '../../store/index.js';
import type { CanonicalEventName } from '../canonical-event-types.js';
import type { CloudEvent } from '../envelope.js';
import { appendToOutbox } from '../outbox.js';

/** A billing-system callout: the event and the number of the record it is about, nothing more. */
export interface BillingCallout {
  eventType: keyof typeof CALLOUT_EVENTS;
  subscriptionNumber: string;
}

/** The canonical event each callout event type becomes. */
const CALLOUT_EVENTS = {
  SubscriptionCreated: 'subscription.created',
  SubscriptionAmended: 'subscription.amended',
  SubscriptionRenewed: 'subscription.renewed',
  SubscriptionCancelled: 'subscription.cancelled',
} as const satisfies Record<string, CanonicalEventName>;

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

/** Reads a callout body; a ProblemError 400 names the field that is missing or unknown. */
export function parseBillingCallout(body: unknown): BillingCallout {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { eventType, subscriptionNumber } = fields;
  if (typeof eventType !== 'string' || !Object.hasOwn(CALLOUT_EVENTS, eventType)) {
    const known = Object.keys(CALLOUT_EVENTS).join(', ');
    throw invalidCallout(
      '/eventType',
      `expected one of ${known}, got ${JSON.stringify(eventType)}`,
    );
  }
  if (typeof subscriptionNumber !== 'string' || subscriptionNumber === '') {
    throw invalidCallout('/subscriptionNumber', 'expected the subscription number as a string');
  }
  return { eventType: eventType as BillingCallout['eventType'], subscriptionNumber };
}

/**
 * Fetches the record a callout is about from the billing system and maps it to the canonical
 * record. Returns the work that upserts it and appends its canonical event, to run in the
 * transaction that also records the callout as received. Throws a ProblemError when the billing
 * system fails or the record refers to something Junction does not know.
 */
export async function prepareBillingCallout(
  store: Store,
  callout: BillingCallout,
  options: BillingSystemAccess & { source: string; correlationId: string },
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

function unresolved(what: string, pointer: string): ProblemError {
  return new ProblemError(
    'reference-unknown',
    `${what}; create it first, and the sender's retry of this callout will succeed.`,
    [{ pointer, message: 'cannot be resolved' }],
  );
}
