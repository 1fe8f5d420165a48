import type {
  BillingAccountCreatedPayload,
  BillingAccountUpdatedPayload,
  ContactCreatedPayload,
  ContactUpdatedPayload,
  InvoiceCancelledPayload,
  InvoicePaidPayload,
  InvoicePostedPayload,
  LicenseActivatedPayload,
  LicenseIssuedPayload,
  LicenseRevokedPayload,
  OrderCreatedPayload,
  OrganizationCreatedPayload,
  OrganizationUpdatedPayload,
  PaymentAppliedPayload,
  PaymentDeclinedPayload,
  PaymentProcessedPayload,
  PaymentRefundedPayload,
  PlanCatalogPublishedPayload,
  ProductCatalogPublishedPayload,
  SubscriptionAmendedPayload,
  SubscriptionCancelledPayload,
  SubscriptionCreatedPayload,
  SubscriptionExpiredPayload,
  SubscriptionRenewedPayload,
} from '../../generated/canonical-events-v1/events.js';

/** Every canonical event, by `<entity>.<event>` name, with the payload type the spec gives it. */
export interface CanonicalEventPayloads {
  'organization.created': OrganizationCreatedPayload;
  'organization.updated': OrganizationUpdatedPayload;
  'billing-account.created': BillingAccountCreatedPayload;
  'billing-account.updated': BillingAccountUpdatedPayload;
  'contact.created': ContactCreatedPayload;
  'contact.updated': ContactUpdatedPayload;
  'product.catalog.published': ProductCatalogPublishedPayload;
  'plan.catalog.published': PlanCatalogPublishedPayload;
  'order.created': OrderCreatedPayload;
  'subscription.created': SubscriptionCreatedPayload;
  'subscription.amended': SubscriptionAmendedPayload;
  'subscription.renewed': SubscriptionRenewedPayload;
  'subscription.cancelled': SubscriptionCancelledPayload;
  'subscription.expired': SubscriptionExpiredPayload;
  'invoice.posted': InvoicePostedPayload;
  'invoice.paid': InvoicePaidPayload;
  'invoice.cancelled': InvoiceCancelledPayload;
  'payment.processed': PaymentProcessedPayload;
  'payment.declined': PaymentDeclinedPayload;
  'payment.refunded': PaymentRefundedPayload;
  'payment.applied': PaymentAppliedPayload;
  'license.issued': LicenseIssuedPayload;
  'license.activated': LicenseActivatedPayload;
  'license.revoked': LicenseRevokedPayload;
}

/** The name of one canonical event: `order.created`, `product.catalog.published`. */
export type CanonicalEventName = keyof CanonicalEventPayloads;

/** Any canonical event envelope. */
export type CanonicalEvent = CanonicalEventPayloads[CanonicalEventName];

/** The canonical entities that publish events, as event types spell them. */
export type CanonicalEntity =
  | 'organization'
  | 'billing-account'
  | 'contact'
  | 'product'
  | 'plan'
  | 'order'
  | 'subscription'
  | 'invoice'
  | 'payment'
  | 'license';

/** Every canonical event name, in the order the AsyncAPI document lists its channels. */
export const CANONICAL_EVENT_NAMES: readonly CanonicalEventName[] = [
  'organization.created',
  'organization.updated',
  'billing-account.created',
  'billing-account.updated',
  'contact.created',
  'contact.updated',
  'product.catalog.published',
  'plan.catalog.published',
  'order.created',
  'subscription.created',
  'subscription.amended',
  'subscription.renewed',
  'subscription.cancelled',
  'subscription.expired',
  'invoice.posted',
  'invoice.paid',
  'invoice.cancelled',
  'payment.processed',
  'payment.declined',
  'payment.refunded',
  'payment.applied',
  'license.issued',
  'license.activated',
  'license.revoked',
];

/** The entity an event is about: the part of its name before the first dot. */
export function entityOf(name: CanonicalEventName): CanonicalEntity {
  // Every name above starts with one of the entities, which contain no dot.
  return name.slice(0, name.indexOf('.')) as CanonicalEntity;
}

/** The CloudEvents `type` of an event: `com.junction.canonical.order.created.v1`. */
export function eventTypeOf<Name extends CanonicalEventName>(
  name: Name,
): `com.junction.canonical.${Name}.v1` {
  return `com.junction.canonical.${name}.v1`;
}

/** The AsyncAPI message of an event: `order.created` -> `OrderCreated`. */
export function messageNameOf(name: CanonicalEventName): string {
  return name
    .split(/[.-]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
