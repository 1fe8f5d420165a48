import type { CanonicalEntity } from '../../../events/canonical-event-types.js';
import type { RecordTableName, StoredRecord } from '../../../store/index.js';
import { untypedAddresses, type StoredAddress } from '../v2/addresses.js';

/** Where the records of one canonical entity live and how canonical v1 shows them. */
export interface CanonicalV1Resource {
  table: RecordTableName;
  /** The collection of the entity's URLs and of event subjects: `billing-accounts`. */
  collection: string;
  /** The record as the canonical v1 API answers with it. */
  present(record: StoredRecord): Record<string, unknown>;
}

/**
 * The canonical v1 API answers every entity but organizations with the record as stored, since
 * each is keyed by `id`; organizations go through the v1 mapping that drops address types.
 */
const asStored = (record: StoredRecord): Record<string, unknown> => ({ ...record });

// The organization table is written only by the organization handlers, in the stored form whose
// addresses the v1 mapping untypes; v1/organizations.ts presents its answers the same way.
const asOrganizationV1 = (record: StoredRecord): Record<string, unknown> => ({
  ...record,
  addresses: untypedAddresses((record.addresses ?? []) as StoredAddress[]),
});

/**
 * The canonical v1 resource of every entity that publishes events. The tables and collections
 * repeat those of the resource specs in ../v1/, which import the event builder built on this
 * table; v1-data.test.ts holds the two together.
 */
export const CANONICAL_V1_RESOURCES: Readonly<Record<CanonicalEntity, CanonicalV1Resource>> = {
  organization: resource('canonical_organizations', 'organizations', asOrganizationV1),
  'billing-account': resource('canonical_billing_accounts', 'billing-accounts'),
  contact: resource('canonical_contacts', 'contacts'),
  product: resource('canonical_products', 'products'),
  plan: resource('canonical_plans', 'plans'),
  order: resource('canonical_orders', 'orders'),
  subscription: resource('canonical_subscriptions', 'subscriptions'),
  invoice: resource('canonical_invoices', 'invoices'),
  payment: resource('canonical_payments', 'payments'),
  license: resource('canonical_licenses', 'licenses'),
};

function resource(
  table: RecordTableName,
  collection: string,
  present: CanonicalV1Resource['present'] = asStored,
): CanonicalV1Resource {
  return { table, collection, present };
}
