import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { checkEvent } from './validation.js';

const BUNDLE = join(import.meta.dirname, '..', '..', 'generated', 'canonical-events-v1');

interface Bundle {
  components: { messages: Record<string, { examples: { payload: Record<string, unknown> }[] }> };
}

const bundle = JSON.parse(readFileSync(join(BUNDLE, 'asyncapi.json'), 'utf8')) as Bundle;

function example(message: string): Record<string, unknown> {
  const payload = bundle.components.messages[message]?.examples[0]?.payload;
  if (payload === undefined) throw new Error(`expected an example of ${message}`);
  return structuredClone(payload);
}

describe('checkEvent', () => {
  it('accepts the example of every canonical message', () => {
    const reasons = Object.keys(bundle.components.messages).map((name) =>
      checkEvent(example(name)),
    );
    expect(reasons.filter((reason) => reason !== undefined)).toStrictEqual([]);
  });

  const order = example('OrderCreated');
  it.each([
    {
      given: 'a payload whose data lacks a required property',
      event: { ...order, data: { ...(order.data as object), channel: undefined } },
      want:
        'expected com.junction.canonical.order.created.v1 to follow the OrderCreated payload ' +
        "schema, got /data must have required property 'channel'",
    },
    {
      given: 'a subject of another collection',
      event: { ...order, subject: 'invoices/1' },
      want:
        'expected com.junction.canonical.order.created.v1 to follow the OrderCreated payload ' +
        'schema, got /subject must match pattern "^orders/[^/]+$"',
    },
    {
      given: 'a type no message declares',
      event: { ...order, type: 'com.junction.canonical.order.exploded.v1' },
      want:
        'expected a type that a canonical or integration AsyncAPI message declares, got ' +
        '"com.junction.canonical.order.exploded.v1"',
    },
    {
      given: 'no object at all',
      event: 'order',
      want: 'expected a CloudEvent object, got "order"',
    },
  ])('gives the reason for $given', ({ event, want }) => {
    expect(checkEvent(JSON.parse(JSON.stringify(event)))).toBe(want);
  });
});

interface IntegrationBundle {
  channels: Record<string, { messages: Record<string, { examples: { payload: object }[] }> }>;
}

describe('checkEvent on the integration events', () => {
  const integration = JSON.parse(
    readFileSync(
      join(import.meta.dirname, '..', '..', 'generated', 'integration-events-v1', 'asyncapi.json'),
      'utf8',
    ),
  ) as IntegrationBundle;
  const journalRun = integration.channels.journalRunCompleted?.messages.journalRunCompleted
    ?.examples[0]?.payload as Record<string, unknown>;

  it('accepts the example of JournalRunCompleted', () => {
    expect(checkEvent(journalRun)).toBeUndefined();
  });

  it.each([
    {
      given: 'data with a field the message does not declare',
      event: { ...journalRun, data: { journalRunNumber: 'JR-1', amount: 5 } },
      want:
        'expected com.junction.integration.billing.journal-run.completed.v1 to follow the ' +
        'JournalRunCompleted payload schema, got /data must NOT have additional properties',
    },
    {
      given: 'data without the journal run number',
      event: { ...journalRun, data: {} },
      want:
        'expected com.junction.integration.billing.journal-run.completed.v1 to follow the ' +
        "JournalRunCompleted payload schema, got /data must have required property 'journalRunNumber'",
    },
  ])('gives the reason for $given', ({ event, want }) => {
    expect(checkEvent(event)).toBe(want);
  });
});
