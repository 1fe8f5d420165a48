import { join } from 'node:path';

import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { default as addFormats } from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';

import { bundleSpec } from '../../../pipeline/bundle.js';
import { loadRedoclyConfig } from '../../../pipeline/redocly.js';
import type { StoredRecord } from '../../../store/index.js';
import { buildCanonicalEvent, CANONICAL_V1_SCHEMA_VERSION } from './canonical-event.js';
import {
  CANONICAL_EVENT_NAMES,
  eventTypeOf,
  messageNameOf,
} from '../../../events/canonical-event-types.js';
import type { CanonicalEventName } from '../../../events/canonical-event-types.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const SPEC = join(ROOT, 'specs', 'asyncapi', 'canonical', 'v1', 'asyncapi.yaml');

interface ExamplePayload extends Record<string, unknown> {
  id: string;
  source: string;
  time: string;
  correlationid: string;
  causationid?: string;
  data: StoredRecord;
}

interface Message {
  payload: object;
  examples: { payload: ExamplePayload }[];
}

interface Bundle {
  components: { messages: Record<string, Message> };
}

let bundle: Bundle;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

beforeAll(async () => {
  const config = await loadRedoclyConfig(join(ROOT, 'redocly.yaml'));
  bundle = (await bundleSpec(SPEC, config)).document as unknown as Bundle;
  ajv.addSchema(bundle, 'canonical-events');
}, 30_000);

function payloadSchema(event: CanonicalEventName): ValidateFunction {
  const validate = ajv.getSchema(
    `canonical-events#/components/messages/${messageNameOf(event)}/payload`,
  );
  if (!validate) throw new Error(`expected a payload schema for ${messageNameOf(event)}, got none`);
  return validate;
}

function specExample(event: CanonicalEventName) {
  const example = bundle.components.messages[messageNameOf(event)]?.examples[0]?.payload;
  if (!example) throw new Error(`expected an example of ${messageNameOf(event)}, got none`);
  return example;
}

/** Builds the event of the spec's example record with the example's own envelope values. */
function rebuildExample(event: CanonicalEventName) {
  const example = specExample(event);
  return buildCanonicalEvent(
    example.data,
    {
      event,
      source: example.source,
      correlationId: example.correlationid,
      ...(example.causationid === undefined ? {} : { causationId: example.causationid }),
      time: example.time,
    },
    { newEventId: () => example.id },
  );
}

describe('buildCanonicalEvent', () => {
  it('covers the 24 messages of the AsyncAPI document', () => {
    const names = CANONICAL_EVENT_NAMES.map((name) => messageNameOf(name)).sort();
    expect(names).toStrictEqual(Object.keys(bundle.components.messages).sort());
  });

  it.each(CANONICAL_EVENT_NAMES)('rebuilds the spec example of %s from its record', (event) => {
    expect(rebuildExample(event)).toStrictEqual(specExample(event));
  });

  it.each(CANONICAL_EVENT_NAMES)('builds a %s event valid against its payload schema', (event) => {
    const built = buildCanonicalEvent(specExample(event).data, {
      event,
      source: '/junction/adapters/billing',
      correlationId: 'flow-1',
    });
    const validate = payloadSchema(event);
    expect(validate(built) ? [] : validate.errors).toStrictEqual([]);
  });

  it('refuses, by schema, an event whose data is another entity', () => {
    const built = buildCanonicalEvent(specExample('order.created').data, {
      event: 'invoice.posted',
      source: '/junction/adapters/billing',
      correlationId: 'flow-1',
    });
    expect(payloadSchema('invoice.posted')(built)).toBe(false);
  });

  it('gives a fresh time-ordered uuid per event, the record time, and no causationid when none is given', () => {
    const record = specExample('subscription.created').data;
    const change = { event: 'subscription.created', source: '/s', correlationId: 'c' } as const;
    const [first, second] = [
      buildCanonicalEvent(record, change),
      buildCanonicalEvent(record, change),
    ];
    expect(first.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first.id).not.toBe(second.id);
    expect({ ...first, id: 'x' }).toStrictEqual({
      specversion: '1.0',
      id: 'x',
      source: '/s',
      type: eventTypeOf('subscription.created'),
      subject: `subscriptions/${record.id}`,
      time: record.updatedAt,
      datacontenttype: 'application/json',
      correlationid: 'c',
      dataschemaversion: CANONICAL_V1_SCHEMA_VERSION,
      data: record,
    });
  });

  it('shows organization addresses without their type, as canonical v1 answers', () => {
    const record = {
      ...specExample('organization.updated').data,
      addresses: [{ type: 'billing', line1: 'Main 1', city: 'Berlin', country: 'DE' }],
    };
    const change = { event: 'organization.updated', source: '/s', correlationId: 'c' } as const;
    expect(buildCanonicalEvent(record, change).data?.addresses).toStrictEqual([
      { line1: 'Main 1', city: 'Berlin', country: 'DE' },
    ]);
  });
});

describe('CANONICAL_V1_SCHEMA_VERSION', () => {
  it('is the version of the canonical v1 API', async () => {
    const { readFile } = await import('node:fs/promises');
    const api = JSON.parse(
      await readFile(join(ROOT, 'generated', 'canonical-v1', 'api.json'), 'utf8'),
    ) as { apiVersion: string };
    expect(CANONICAL_V1_SCHEMA_VERSION).toBe(api.apiVersion);
  });
});
