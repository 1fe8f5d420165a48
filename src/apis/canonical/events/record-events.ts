import type { RecordChange, RecordEvents } from '../../resource.js';
import type { StoredRecord } from '../../../store/index.js';
import type { CanonicalEntity, CanonicalEventName } from '../../../events/canonical-event-types.js';
import { buildCanonicalEvent } from './canonical-event.js';

/** The `source` of the events the canonical v1 handlers write. */
export const CANONICAL_V1_SOURCE = '/junction/canonical-v1';

/** The `source` of the events the canonical v2 handlers write. */
export const CANONICAL_V2_SOURCE = '/junction/canonical-v2';

/** Which event, if any, one change of a record of an entity is, as the AsyncAPI document has it. */
type EventOfChange = (
  record: StoredRecord,
  before?: StoredRecord,
) => CanonicalEventName | undefined;

const statusOf = (record: StoredRecord | undefined): unknown => record?.status;

/** The event a status means, when the record arrives at it by create or by a status change. */
function onStatus(events: Readonly<Record<string, CanonicalEventName>>): EventOfChange {
  return (record, before) => {
    const status = statusOf(record);
    if (before !== undefined && statusOf(before) === status) return undefined;
    return typeof status === 'string' ? events[status] : undefined;
  };
}

/** `created` on create and `updated` on every update, for entities without a lifecycle. */
function createdOrUpdated(created: CanonicalEventName, updated: CanonicalEventName): EventOfChange {
  return (_record, before) => (before === undefined ? created : updated);
}

/**
 * A subscription publishes `created` at birth, `cancelled` and `expired` when its status says so,
 * `renewed` when a new term starts, and `amended` for any other change of its contract.
 */
const subscriptionEvent: EventOfChange = (record, before) => {
  if (before === undefined) return 'subscription.created';
  const status = statusOf(record);
  if (status !== statusOf(before) && status === 'cancelled') return 'subscription.cancelled';
  if (status !== statusOf(before) && status === 'expired') return 'subscription.expired';
  if (record.termStart !== before.termStart) return 'subscription.renewed';
  return 'subscription.amended';
};

/**
 * The event of each change per entity. Orders publish only `created`: the document has no order
 * event after that. Invoices, payments and licences publish the event of the status they reach;
 * a draft invoice and an expired licence publish none.
 */
const EVENT_OF_CHANGE: Readonly<Record<CanonicalEntity, EventOfChange>> = {
  organization: createdOrUpdated('organization.created', 'organization.updated'),
  'billing-account': createdOrUpdated('billing-account.created', 'billing-account.updated'),
  contact: createdOrUpdated('contact.created', 'contact.updated'),
  product: () => 'product.catalog.published',
  plan: () => 'plan.catalog.published',
  order: (_record, before) => (before === undefined ? 'order.created' : undefined),
  subscription: subscriptionEvent,
  invoice: onStatus({
    posted: 'invoice.posted',
    paid: 'invoice.paid',
    cancelled: 'invoice.cancelled',
  }),
  payment: onStatus({
    processed: 'payment.processed',
    declined: 'payment.declined',
    refunded: 'payment.refunded',
    applied: 'payment.applied',
  }),
  license: (record, before) =>
    before === undefined
      ? 'license.issued'
      : onStatus({ active: 'license.activated', revoked: 'license.revoked' })(record, before),
};

/** The name of the canonical event one change of an `entity` record publishes, or undefined. */
export function canonicalEventOf(
  entity: CanonicalEntity,
  change: Pick<RecordChange, 'record' | 'before'>,
): CanonicalEventName | undefined {
  return EVENT_OF_CHANGE[entity](change.record, change.before);
}

/**
 * The events of a resource of `entity` written by the handlers of `source`: the canonical event
 * of each change, in the request's flow, timed at the record's `updatedAt`.
 */
export function canonicalEvents(entity: CanonicalEntity, source: string): RecordEvents {
  return (change) => {
    const event = canonicalEventOf(entity, change);
    if (event === undefined) return [];
    return [
      buildCanonicalEvent(change.record, { event, source, correlationId: change.correlationId }),
    ];
  };
}
