import { randomFillSync } from 'node:crypto';

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

// Random bytes for 256 ids at once: asking the system for 16 bytes per id cost more than the
// rest of making the id.
const randomPool = new Uint8Array(16 * 256);
let poolUsed = randomPool.length;

// The clock and counter of RFC 9562 section 6.2, method 1, as the uuid package keeps them.
const clock = { msecs: -Infinity, seq: 0 };

/**
 * A new event id: a version 7 UUID, which sorts by the time it was made, so the outbox's unique
 * index on event ids grows at its end instead of taking writes all over its pages. Ids made in
 * the same millisecond sort in the order they were made.
 */
export function newEventId(): string {
  if (poolUsed === randomPool.length) {
    randomFillSync(randomPool);
    poolUsed = 0;
  }
  const random = randomPool.subarray(poolUsed, (poolUsed += 16));
  const now = Date.now();
  if (now > clock.msecs) {
    // A fresh counter starts at random, with its top bit clear to leave room to count up.
    clock.msecs = now;
    clock.seq = (((random[6] ?? 0) & 0x7f) << 24) | ((random[7] ?? 0) << 16);
    clock.seq |= ((random[8] ?? 0) << 8) | (random[9] ?? 0);
  } else {
    clock.seq = (clock.seq + 1) | 0;
    if (clock.seq === 0) clock.msecs += 1;
  }
  return uuidv7({ random, msecs: clock.msecs, seq: clock.seq });
}
