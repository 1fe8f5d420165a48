import { describe, expect, it } from 'vitest';

import { durableName, eventSubject, natsStreamName } from './names.js';

describe('natsStreamName', () => {
  it('derives the same valid name from the same store identity', () => {
    const name = natsStreamName('postgres://db.internal/junction', {});
    expect(name).toMatch(/^JUNCTION_[0-9a-f]{12}$/);
    expect(natsStreamName('postgres://db.internal/junction', {})).toBe(name);
  });

  it('derives different names from different store identities', () => {
    expect(natsStreamName('/srv/a/data', {})).not.toBe(natsStreamName('/srv/b/data', {}));
  });

  it('uses JUNCTION_NATS_STREAM when it is set', () => {
    expect(natsStreamName('/srv/a/data', { JUNCTION_NATS_STREAM: 'ORDERS_prod' })).toBe(
      'ORDERS_prod',
    );
  });

  it.each([['orders.prod'], ['orders prod'], ['orders>'], ['a'.repeat(65)]])(
    'refuses JUNCTION_NATS_STREAM "%s" that JetStream would reject',
    (configured) => {
      expect(() => natsStreamName('/srv', { JUNCTION_NATS_STREAM: configured })).toThrow(
        new Error(
          `expected JUNCTION_NATS_STREAM to be 1 to 64 letters, digits, "_" or "-", ` +
            `got "${configured}"; choose a name without dots, wildcards or spaces`,
        ),
      );
    },
  );
});

describe('eventSubject', () => {
  it('puts the event type under the stream events subject', () => {
    expect(eventSubject('JUNCTION_x', 'com.junction.canonical.order.created.v1')).toBe(
      'JUNCTION_x.events.com.junction.canonical.order.created.v1',
    );
  });

  it.each([['com.junction.*'], ['com..junction'], ['com junction'], ['']])(
    'refuses the event type "%s" that is no subject',
    (type) => {
      expect(() => eventSubject('JUNCTION_x', type)).toThrow(
        new Error(
          `expected an event type of dot-separated letters, digits, "_" or "-", got "${type}"; ` +
            'use a reverse-DNS type such as com.junction.canonical.order.created.v1',
        ),
      );
    },
  );
});

describe('durableName', () => {
  it.each([
    ['webhooks', 'webhooks'],
    ['webhook-delivery_v1', 'webhook-delivery_v1'],
  ])('keeps the valid consumer name %s', (given, want) => {
    expect(durableName(given)).toBe(want);
  });

  it('replaces characters JetStream rejects and keeps two such names apart', () => {
    expect(durableName('flows.order-sync')).toMatch(/^flows_order-sync_[0-9a-f]{12}$/);
    expect(durableName('flows.order-sync')).not.toBe(durableName('flows order-sync'));
  });
});
