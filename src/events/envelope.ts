import { v7 as uuidv7 } from 'uuid';

/**
 * A CloudEvents 1.0 event in structured mode, as every Junction event travels: the required
 * attributes, the optional ones we always set, and the `correlationid` and `causationid`
 * extensions that tie one business flow together.
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 */
export interface CloudEvent<Data = unknown> {
  specversion: '1.0';
  /** Unique per event; consumers de-duplicate on it. */
  id: string;
  /** The component that saw the change, as a URI reference: `/junction/canonical-v1`. */
  source: string;
  /** Reverse-DNS event type: `com.junction.canonical.subscription.created.v1`. */
  type: string;
  /** What the event is about, `<collection>/<id>`; the outbox keeps order per subject. */
  subject: string;
  /** RFC 3339 time the change happened. */
  time: string;
  datacontenttype: 'application/json';
  /** The business flow the event belongs to; the same for every event of one flow. */
  correlationid: string;
  /** The event or request that caused this one; absent on the first event of a flow. */
  causationid?: string;
  /** The version of the schema `data` follows. */
  dataschemaversion: string;
  data: Data;
}

/**
 * A new event id: a version 7 UUID, which sorts by the time it was made, so the outbox's unique
 * index on event ids grows at its end instead of taking writes all over its pages.
 */
export function newEventId(): string {
  return uuidv7();
}
