import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { MatchersV3 } from '@pact-foundation/pact';
import { parse } from 'yaml';

import { entityOf, eventTypeOf, messageNameOf } from '../../src/events/canonical-event-types.js';
import type { CanonicalEventName } from '../../src/events/canonical-event-types.js';
import type { StoredRecord } from '../../src/store/index.js';
import { timestamp } from './matchers.js';

const SPEC = join(
  import.meta.dirname,
  '..',
  '..',
  'specs',
  'asyncapi',
  'canonical',
  'v1',
  'asyncapi.yaml',
);

/** An event as the AsyncAPI document's example of its message shows it. */
export interface EventExample {
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  correlationid: string;
  causationid?: string;
  dataschemaversion: string;
  data: StoredRecord;
}

interface Spec {
  components: { messages: Record<string, { examples: { payload: EventExample }[] }> };
}

let spec: Spec | undefined;

/** The first example of an event's message in the AsyncAPI source. */
export function eventExample(name: CanonicalEventName): EventExample {
  spec ??= parse(readFileSync(SPEC, 'utf8')) as Spec;
  const example = spec.components.messages[messageNameOf(name)]?.examples[0]?.payload;
  if (!example) throw new Error(`expected an example of ${messageNameOf(name)}, got none`);
  return example;
}

/**
 * The record an event's example carries, in the store's form: the store keeps timestamps as
 * `toISOString()` writes them, with milliseconds.
 */
export function exampleRecord(name: CanonicalEventName): StoredRecord {
  const record = eventExample(name).data;
  const createdAt = new Date(record.createdAt).toISOString();
  return { ...record, createdAt, updatedAt: new Date(record.updatedAt).toISOString() };
}

/** How every consumer describes an event it receives; the provider finds its builder by it. */
export function eventDescription(name: CanonicalEventName): string {
  return `a ${eventTypeOf(name)} event`;
}

/** The provider state of an event: the record its example carries, stored as the event left it. */
export function eventState(name: CanonicalEventName): { state: string; id: string } {
  const { id } = eventExample(name).data;
  return { state: `a stored ${entityOf(name)} with id ${id}, as ${name} left it`, id };
}

/**
 * The `source` of any Junction component that publishes canonical events: an adapter
 * (`/junction/adapters/billing`), an API (`/junction/canonical-v1`) or a flow
 * (`/junction/flows/crm-link`).
 */
const JUNCTION_SOURCE = /^\/junction(\/[a-z0-9-]+)+$/;

/**
 * The envelope a consumer expects: the values the provider makes up (event id, time, source,
 * correlation) match by form, `type` exactly, and `data` by the shape of the spec's example.
 */
export function expectedEvent(name: CanonicalEventName) {
  const example = eventExample(name);
  const collection = example.subject.slice(0, example.subject.indexOf('/'));
  return {
    specversion: '1.0',
    id: MatchersV3.uuid(example.id),
    source: MatchersV3.regex(JUNCTION_SOURCE, example.source),
    type: eventTypeOf(name),
    subject: MatchersV3.regex(new RegExp(`^${collection}/[^/]+$`), example.subject),
    time: timestamp(example.time),
    datacontenttype: 'application/json',
    correlationid: MatchersV3.string(example.correlationid),
    dataschemaversion: MatchersV3.regex(/^1\.\d+\.\d+$/, example.dataschemaversion),
    data: MatchersV3.like(example.data),
  };
}

/** The event a consumer test receives: Pact hands message contents over as bytes or as JSON. */
export function receivedEvent<Event>(message: { contents: { content: unknown } }): Event {
  const { content } = message.contents;
  if (Buffer.isBuffer(content)) return JSON.parse(content.toString('utf8')) as Event;
  if (typeof content === 'string') return JSON.parse(content) as Event;
  return content as Event;
}
