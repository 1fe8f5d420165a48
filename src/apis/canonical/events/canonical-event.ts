import type { StoredRecord } from '../../../store/index.js';
import type {
  CanonicalEventName,
  CanonicalEventPayloads,
} from '../../../events/canonical-event-types.js';
import { entityOf, eventTypeOf } from '../../../events/canonical-event-types.js';
import { newEventId } from '../../../events/envelope.js';
import { CANONICAL_V1_RESOURCES } from './v1-data.js';

/**
 * The version of the canonical v1 schemas that `data` follows: the `info.version` of
 * specs/openapi/canonical/v1/openapi.yaml. Its major is the `.v1` of every event type.
 */
export const CANONICAL_V1_SCHEMA_VERSION = '1.0.0';

/** What happened to a record, and in which flow: everything the envelope needs beside the record. */
export interface CanonicalChange<Name extends CanonicalEventName = CanonicalEventName> {
  /** The event: `order.created`, `subscription.amended`. */
  event: Name;
  /** The component that saw the change, normally the adapter of the system of record. */
  source: string;
  /** The business flow the change belongs to. */
  correlationId: string;
  /** The event or request that caused this change; absent on the first event of a flow. */
  causationId?: string;
  /** When the change happened in the system of record; the record's `updatedAt` by default. */
  time?: string;
}

/** Overrides for what the builder otherwise makes up, so tests can pin them. */
export interface BuildOptions {
  /** Makes the event id; a time-ordered UUID by default. */
  newEventId?: () => string;
}

/**
 * Builds the CloudEvents 1.0 envelope (structured mode) of one change of a stored canonical
 * record, as specs/asyncapi/canonical/v1/asyncapi.yaml specifies it: `data` is the record as the
 * canonical v1 API answers with it, and `subject` is `<collection>/<id>`.
 */
export function buildCanonicalEvent<Name extends CanonicalEventName>(
  record: StoredRecord,
  change: CanonicalChange<Name>,
  options: BuildOptions = {},
): CanonicalEventPayloads[Name] {
  const resource = CANONICAL_V1_RESOURCES[entityOf(change.event)];
  const event = {
    specversion: '1.0' as const,
    id: (options.newEventId ?? newEventId)(),
    source: change.source,
    type: eventTypeOf(change.event),
    subject: `${resource.collection}/${record.id}`,
    time: change.time ?? record.updatedAt,
    datacontenttype: 'application/json' as const,
    correlationid: change.correlationId,
    ...(change.causationId === undefined ? {} : { causationid: change.causationId }),
    dataschemaversion: CANONICAL_V1_SCHEMA_VERSION,
    data: resource.present(record),
  };
  // `data` is the v1 answer for the entity this event name is about, which is what the payload
  // type of that name declares; the tests validate every event against the AsyncAPI schemas.
  return event as unknown as CanonicalEventPayloads[Name];
}
