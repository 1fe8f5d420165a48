import { randomUUID } from 'node:crypto';

import type { MessageDescriptor, MessageProviders } from '@pact-foundation/pact';

import { buildCanonicalEvent } from '../../src/apis/canonical/events/canonical-event.js';
import { CANONICAL_EVENT_NAMES, entityOf } from '../../src/events/canonical-event-types.js';
import type {
  CanonicalEntity,
  CanonicalEventName,
} from '../../src/events/canonical-event-types.js';
import { CANONICAL_V1_RESOURCES } from '../../src/apis/canonical/events/v1-data.js';
import type { Store, StoredRecord } from '../../src/store/index.js';
import { eventDescription, eventExample, eventState } from '../support/event-examples.js';
import { seedRecord } from './http-states.js';
import type { StateHandlers } from './http-states.js';

/** The adapter of the system of record of each entity: the `source` of its events. */
const SOURCES: Readonly<Record<CanonicalEntity, string>> = {
  organization: '/junction/adapters/crm',
  contact: '/junction/adapters/crm',
  'billing-account': '/junction/adapters/billing',
  product: '/junction/adapters/billing',
  plan: '/junction/adapters/billing',
  order: '/junction/adapters/billing',
  subscription: '/junction/adapters/billing',
  invoice: '/junction/adapters/billing',
  payment: '/junction/adapters/billing',
  license: '/junction/adapters/fulfillment',
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
        await seedRecord(store, tableOf(name), asStored(eventExample(name).data));
        return undefined;
      },
    ]),
  );
}

/** Builds each event, by its description, with the real builder from the record its state stored. */
export function eventBuilders(store: Store): MessageProviders {
  return Object.fromEntries(
    CANONICAL_EVENT_NAMES.map((name) => [
      eventDescription(name),
      (descriptor: MessageDescriptor) => buildStoredEvent(store, name, descriptor),
    ]),
  );
}

async function buildStoredEvent(
  store: Store,
  name: CanonicalEventName,
  descriptor: MessageDescriptor,
) {
  const id = descriptor.providerStates?.[0]?.params?.id;
  const record = id === undefined ? undefined : await store.records(tableOf(name)).get(id);
  if (!record) {
    throw new Error(`expected a stored ${entityOf(name)} '${String(id)}' for ${name}, got none`);
  }
  return buildCanonicalEvent(record, {
    event: name,
    source: SOURCES[entityOf(name)],
    correlationId: randomUUID(),
    causationId: randomUUID(),
  });
}

/** The store keeps timestamps as `toISOString()` writes them, with milliseconds. */
function asStored(record: StoredRecord): StoredRecord {
  const createdAt = new Date(record.createdAt).toISOString();
  return { ...record, createdAt, updatedAt: new Date(record.updatedAt).toISOString() };
}

function tableOf(name: CanonicalEventName) {
  return CANONICAL_V1_RESOURCES[entityOf(name)].table;
}
