import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { EventBus } from './bus.js';
import { CANONICAL_EVENT_NAMES, eventTypeOf } from './canonical-event-types.js';
import {
  assertEveryOperationConsumed,
  createDeclaredBus,
  loadConsumerDeclarations,
} from './consumer-registry.js';

const ROOT = join(import.meta.dirname, '..', '..');

const silentBus: EventBus = {
  kind: 'embedded',
  publish: () => Promise.resolve(),
  subscribe: () => Promise.resolve({ stop: () => Promise.resolve() }),
  close: () => Promise.resolve(),
};

describe('the consumers of specs/asyncapi/integration/v1/asyncapi.yaml', () => {
  const declarations = loadConsumerDeclarations(ROOT);

  it('declares every runtime consumer with the event types its channel carries', () => {
    expect(Object.fromEntries(declarations)).toStrictEqual({
      webhooks: CANONICAL_EVENT_NAMES.map((name) => eventTypeOf(name)),
      'reference.crm-link': ['com.junction.canonical.subscription.created.v1'],
      'reference.provisioning': [
        'com.junction.canonical.subscription.created.v1',
        'com.junction.canonical.subscription.amended.v1',
      ],
      'reference.journal-transfer': ['com.junction.integration.billing.journal-run.completed.v1'],
    });
  });

  it.each([
    {
      given: 'a consumer name no operation has',
      consumer: { name: 'ledger-sync', types: [] },
      want:
        'expected a receive operation "ledger-sync" in specs/asyncapi/integration/v1/asyncapi.yaml ' +
        'for the consumer of that name, got none; declare the operation or rename the consumer',
    },
    {
      given: 'a type its operation does not receive',
      consumer: { name: 'reference.crm-link', types: ['com.junction.canonical.invoice.paid.v1'] },
      want:
        'expected consumer "reference.crm-link" to receive only what its operation in ' +
        'specs/asyncapi/integration/v1/asyncapi.yaml receives, got ' +
        'com.junction.canonical.invoice.paid.v1; add the channel to the operation',
    },
  ])('refuses to subscribe $given', async ({ consumer, want }) => {
    const bus = createDeclaredBus(silentBus, declarations);
    const subscribing = bus.subscribe({ ...consumer, handle: () => Promise.resolve() });
    await expect(subscribing).rejects.toThrow(want);
  });

  it('names the operations without a consumer, and binds a consumer to its operation', async () => {
    const bus = createDeclaredBus(silentBus, declarations);
    await bus.subscribe({ name: 'webhooks', types: [], handle: () => Promise.resolve() });
    expect(() => assertEveryOperationConsumed(bus)).toThrow(
      'expected a consumer for every receive operation in ' +
        'specs/asyncapi/integration/v1/asyncapi.yaml, got none for "reference.crm-link", ' +
        '"reference.provisioning", "reference.journal-transfer"; subscribe a consumer of that ' +
        'name or remove the operation',
    );
    expect(bus.consumer('webhooks')?.types).toStrictEqual(declarations.get('webhooks'));
  });
});
