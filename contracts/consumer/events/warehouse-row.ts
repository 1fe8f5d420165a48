import type { CanonicalEvent } from '../../../src/events/canonical-event-types.js';

/** One row of the warehouse's raw canonical layer: the entity state an event carried. */
export interface WarehouseRow {
  table: string;
  key: string;
  /** Rows of one key are ordered by this: the entity's `updatedAt`. */
  version: string;
  eventId: string;
  eventType: string;
  occurredAt: string;
  correlationId: string;
  record: Record<string, unknown>;
}

/** Turns any canonical event into the row the data warehouse loads into `raw_canonical.*`. */
export function toWarehouseRow(event: CanonicalEvent): WarehouseRow {
  const record = (event.data ?? {}) as Record<string, unknown>;
  const collection = event.subject.slice(0, event.subject.indexOf('/'));
  return {
    table: `raw_canonical.${collection.replaceAll('-', '_')}`,
    key: String(record.id),
    version: String(record.updatedAt),
    eventId: event.id,
    eventType: event.type,
    occurredAt: event.time,
    correlationId: event.correlationid,
    record,
  };
}
