import { randomUUID } from 'node:crypto';

import type { MessageDescriptor, MessageProviders } from '@pact-foundation/pact';

import {
  CANONICAL_V1_SOURCE,
  canonicalEvents,
} from '../../src/apis/canonical/events/record-events.js';
import { CANONICAL_V1_RESOURCES } from '../../src/apis/canonical/events/v1-data.js';
import { CANONICAL_EVENT_NAMES, entityOf } from '../../src/events/canonical-event-types.js';
import type { CanonicalEventName } from '../../src/events/canonical-event-types.js';
import type { Store, StoredRecord } from '../../src/store/index.js';
import { eventDescription, eventState, exampleRecord } from '../support/event-examples.js';
import { seedRecord } from './http-states.js';
import type { StateHandlers } from './http-states.js';

/** How a record was before the change that left it as an event's example: none when new. */
type Before = (record: StoredRecord) => StoredRecord | undefined;

const created: Before = () => undefined;

/** The record as it was first written, with the fields `then` gives as they were. */
function was(then: (record: StoredRecord) => Record<string, unknown> = () => ({})): Before {
  return (record) => ({ ...record, ...then(record), updatedAt: record.createdAt });
}

function inStatus(status: string): Before {
  return was(() => ({ status }));
}

/** `2027-11-15` -> `2026-11-15`. */
function yearBefore(date: unknown): string {
  const text = String(date);
  return `${Number(text.slice(0, 4)) - 1}${text.slice(4)}`;
}

/**
 * The change behind each event: the record before it, as the lifecycle in the AsyncAPI document
 * has it (an invoice is posted from draft, a licence revoked while active, a subscription
 * renewed from the term before). Which event the change publishes is left to the runtime.
 */
const BEFORE: Readonly<Record<CanonicalEventName, Before>> = {
  'organization.created': created,
  'organization.updated': was(),
  'billing-account.created': created,
  'billing-account.updated': was(),
  'contact.created': created,
  'contact.updated': was(),
  'product.catalog.published': created,
  'plan.catalog.published': created,
  'order.created': created,
  'subscription.created': created,
  'subscription.amended': was((record) => ({ version: Number(record.version) - 1 })),
  'subscription.renewed': was((record) => ({
    version: Number(record.version) - 1,
    termStart: yearBefore(record.termStart),
    termEnd: yearBefore(record.termEnd),
  })),
  'subscription.cancelled': inStatus('active'),
  'subscription.expired': inStatus('active'),
  'invoice.posted': inStatus('draft'),
  'invoice.paid': inStatus('posted'),
  'invoice.cancelled': inStatus('posted'),
  'payment.processed': created,
  'payment.declined': created,
  'payment.refunded': inStatus('processed'),
  'payment.applied': inStatus('processed'),
  'license.issued': created,
  'license.activated': inStatus('issued'),
  'license.revoked': inStatus('active'),
};

/**
 * Seeds, through the store's repositories, the record each event's provider state names: the
 * record of the event's example in the AsyncAPI document, with the store's timestamp form.
 */
export function eventStateHandlers(store: Store): StateHandlers {
  return Object.fromEntries(
    CANONICAL_EVENT_NAMES.map((name) => [
      eventState(name).state,
      async () => {
        await seedRecord(store, tableOf(name), exampleRecord(name));
        return undefined;
      },
    ]),
  );
}

/**
 * Publishes each event, by its description, as the canonical v1 handlers do: the change from the
 * record before it to the record its state stored goes through the runtime's choice of event
 * for a change, under canonical v1's `source`. A change that publishes another event than the
 * consumer expects fails the verification on `type`.
 */
export function eventPublishers(store: Store): MessageProviders {
  return Object.fromEntries(
    CANONICAL_EVENT_NAMES.map((name) => [
      eventDescription(name),
      (descriptor: MessageDescriptor) => publishStoredChange(store, name, descriptor),
    ]),
  );
}

async function publishStoredChange(
  store: Store,
  name: CanonicalEventName,
  descriptor: MessageDescriptor,
) {
  const id = descriptor.providerStates?.[0]?.params?.id;
  const record = id === undefined ? undefined : await store.records(tableOf(name)).get(String(id));
  if (!record) {
    throw new Error(`expected a stored ${entityOf(name)} '${String(id)}' for ${name}, got none`);
  }
  const publish = canonicalEvents(entityOf(name), CANONICAL_V1_SOURCE);
  const before = BEFORE[name](record);
  const events = publish({ record, correlationId: randomUUID(), ...(before && { before }) });
  if (events.length !== 1) {
    const change = before === undefined ? 'creating' : 'changing';
    const got = events.map((event) => event.type).join(', ') || 'none';
    throw new Error(
      `expected ${change} ${entityOf(name)} '${record.id}' to publish one ${name} event, got ${got}`,
    );
  }
  return events[0];
}

function tableOf(name: CanonicalEventName) {
  return CANONICAL_V1_RESOURCES[entityOf(name)].table;
}
