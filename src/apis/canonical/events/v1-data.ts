import { billingAccounts } from '../v1/billing-accounts.js';
import { contacts } from '../v1/contacts.js';
import { invoices } from '../v1/invoices.js';
import { licenses } from '../v1/licenses.js';
import { orders } from '../v1/orders.js';
import { toOrganizationV1 } from '../v1/organizations.js';
import { payments } from '../v1/payments.js';
import { plans } from '../v1/plans.js';
import { products } from '../v1/products.js';
import { subscriptions } from '../v1/subscriptions.js';
import { organizations } from '../v2/organizations.js';
import type { StoredOrganization } from '../v2/organizations.js';
import type { RecordTableName, StoredRecord } from '../../../store/index.js';
import type { CanonicalEntity } from '../../../events/canonical-event-types.js';

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

// The organization table is written only by the organization handlers, whose form this is.
const asOrganizationV1 = (record: StoredRecord) =>
  toOrganizationV1(record as unknown as StoredOrganization) as unknown as Record<string, unknown>;

/** The canonical v1 resource of every entity that publishes events. */
export const CANONICAL_V1_RESOURCES: Readonly<Record<CanonicalEntity, CanonicalV1Resource>> = {
  organization: { ...locate(organizations), present: asOrganizationV1 },
  'billing-account': { ...locate(billingAccounts), present: asStored },
  contact: { ...locate(contacts), present: asStored },
  product: { ...locate(products), present: asStored },
  plan: { ...locate(plans), present: asStored },
  order: { ...locate(orders), present: asStored },
  subscription: { ...locate(subscriptions), present: asStored },
  invoice: { ...locate(invoices), present: asStored },
  payment: { ...locate(payments), present: asStored },
  license: { ...locate(licenses), present: asStored },
};

function locate(spec: { table: RecordTableName; collection: string; idField: string }) {
  if (spec.idField !== 'id') {
    throw new Error(`expected canonical ${spec.collection} to be keyed by id, got ${spec.idField}`);
  }
  return { table: spec.table, collection: spec.collection };
}
