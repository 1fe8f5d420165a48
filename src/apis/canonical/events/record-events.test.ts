import { describe, expect, it } from 'vitest';

import type { CanonicalEntity } from '../../../events/canonical-event-types.js';
import type { StoredRecord } from '../../../store/index.js';
import { canonicalEventOf, canonicalEvents } from './record-events.js';

function stored(fields: Record<string, unknown>): StoredRecord {
  return {
    id: 'rec-1',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-02T00:00:00.000Z',
    ...fields,
  };
}

const active = { status: 'active', termStart: '2026-01-01' };

describe('canonicalEventOf', () => {
  it.each<{
    entity: CanonicalEntity;
    before?: Record<string, unknown>;
    after: Record<string, unknown>;
    want: string | undefined;
  }>([
    { entity: 'organization', after: {}, want: 'organization.created' },
    { entity: 'organization', before: {}, after: { name: 'b' }, want: 'organization.updated' },
    { entity: 'billing-account', after: {}, want: 'billing-account.created' },
    { entity: 'billing-account', before: {}, after: {}, want: 'billing-account.updated' },
    { entity: 'contact', before: {}, after: {}, want: 'contact.updated' },
    { entity: 'product', after: {}, want: 'product.catalog.published' },
    { entity: 'plan', before: {}, after: {}, want: 'plan.catalog.published' },
    { entity: 'order', after: {}, want: 'order.created' },
    { entity: 'order', before: {}, after: { status: 'completed' }, want: undefined },
    { entity: 'subscription', after: active, want: 'subscription.created' },
    {
      entity: 'subscription',
      before: active,
      after: { ...active, status: 'cancelled' },
      want: 'subscription.cancelled',
    },
    {
      entity: 'subscription',
      before: active,
      after: { ...active, status: 'expired' },
      want: 'subscription.expired',
    },
    {
      entity: 'subscription',
      before: active,
      after: { ...active, termStart: '2027-01-01' },
      want: 'subscription.renewed',
    },
    { entity: 'subscription', before: active, after: active, want: 'subscription.amended' },
    { entity: 'invoice', after: { status: 'draft' }, want: undefined },
    { entity: 'invoice', after: { status: 'posted' }, want: 'invoice.posted' },
    {
      entity: 'invoice',
      before: { status: 'posted' },
      after: { status: 'paid' },
      want: 'invoice.paid',
    },
    { entity: 'invoice', before: { status: 'paid' }, after: { status: 'paid' }, want: undefined },
    {
      entity: 'invoice',
      before: { status: 'posted' },
      after: { status: 'cancelled' },
      want: 'invoice.cancelled',
    },
    { entity: 'payment', after: { status: 'processed' }, want: 'payment.processed' },
    { entity: 'payment', after: { status: 'declined' }, want: 'payment.declined' },
    {
      entity: 'payment',
      before: { status: 'processed' },
      after: { status: 'applied' },
      want: 'payment.applied',
    },
    {
      entity: 'payment',
      before: { status: 'applied' },
      after: { status: 'refunded' },
      want: 'payment.refunded',
    },
    { entity: 'license', after: { status: 'issued' }, want: 'license.issued' },
    {
      entity: 'license',
      before: { status: 'issued' },
      after: { status: 'active' },
      want: 'license.activated',
    },
    {
      entity: 'license',
      before: { status: 'active' },
      after: { status: 'revoked' },
      want: 'license.revoked',
    },
    {
      entity: 'license',
      before: { status: 'active' },
      after: { status: 'expired' },
      want: undefined,
    },
  ])(
    'gives $want for a $entity going from $before to $after',
    ({ entity, before, after, want }) => {
      const change =
        before === undefined
          ? { record: stored(after) }
          : { record: stored(after), before: stored(before) };
      expect(canonicalEventOf(entity, change)).toBe(want);
    },
  );
});

describe('canonicalEvents', () => {
  it('builds the envelope of the change in the request flow, timed at the record update', () => {
    const events = canonicalEvents(
      'invoice',
      '/junction/canonical-v1',
    )({
      record: stored({ status: 'paid' }),
      before: stored({ status: 'posted' }),
      correlationId: 'corr-7',
    });
    expect(events.map(({ id: _id, ...event }) => event)).toStrictEqual([
      {
        specversion: '1.0',
        source: '/junction/canonical-v1',
        type: 'com.junction.canonical.invoice.paid.v1',
        subject: 'invoices/rec-1',
        time: '2026-12-02T00:00:00.000Z',
        datacontenttype: 'application/json',
        correlationid: 'corr-7',
        dataschemaversion: '1.0.0',
        data: stored({ status: 'paid' }),
      },
    ]);
  });

  it('publishes nothing for a change the document has no event for', () => {
    const events = canonicalEvents(
      'order',
      '/junction/canonical-v1',
    )({
      record: stored({}),
      before: stored({}),
      correlationId: 'corr-7',
    });
    expect(events).toStrictEqual([]);
  });
});
