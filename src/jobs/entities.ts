import { CANONICAL_V1_RESOURCES } from '../apis/canonical/events/v1-data.js';
import { billingAccounts } from '../apis/canonical/v1/billing-accounts.js';
import { contacts } from '../apis/canonical/v1/contacts.js';
import { invoices } from '../apis/canonical/v1/invoices.js';
import { licenses } from '../apis/canonical/v1/licenses.js';
import { orders } from '../apis/canonical/v1/orders.js';
import { payments } from '../apis/canonical/v1/payments.js';
import { plans } from '../apis/canonical/v1/plans.js';
import { products } from '../apis/canonical/v1/products.js';
import { subscriptions } from '../apis/canonical/v1/subscriptions.js';
import { typeAddresses } from '../apis/canonical/v2/addresses.js';
import type { Address } from '../apis/canonical/v2/addresses.js';
import { organizations } from '../apis/canonical/v2/organizations.js';
import type { ResourceSpec } from '../apis/resource.js';
import type { CanonicalEventName } from '../events/canonical-event-types.js';
import { entityOf } from '../events/canonical-event-types.js';
import type { RecordTableDeclaration, StoredRecord } from '../store/index.js';
import { recordTables } from '../store/index.js';

/** One canonical entity that bulk import and export serve. */
export interface BulkEntity {
  /** The collection, as canonical v1 URLs spell it: `billing-accounts`. */
  collection: string;
  /** The canonical v1 schema every imported row must satisfy: `BillingAccountCreate`. */
  createSchema: string;
  /** The event each imported row publishes. */
  event: CanonicalEventName;
  /** How a validated create body becomes a stored record, as the canonical handlers do it. */
  resource: ResourceSpec<unknown, unknown>;
  /** Turns a canonical v1 create body into the stored form, where the two differ. */
  toStored?(body: Record<string, unknown>): Record<string, unknown>;
  /** The table's declaration: its business key and list filters. */
  declaration: RecordTableDeclaration;
  /** The list filters the entity's canonical list operation takes, besides `updatedSince`. */
  filters: readonly string[];
  /** The record as canonical v1 shows it, for exports. */
  present(record: StoredRecord): Record<string, unknown>;
}

// Every resource spec completes a body of its own create schema; the table erases the types.
const anySpec = (spec: object) => spec as ResourceSpec<unknown, unknown>;

/** v1 addresses carry no type; the first becomes `registered`, as the v1 handler does it. */
function organizationToStored(body: Record<string, unknown>): Record<string, unknown> {
  const addresses = body.addresses as Address[] | undefined;
  return addresses === undefined ? body : { ...body, addresses: typeAddresses(addresses) };
}

const ENTRIES: readonly Omit<BulkEntity, 'declaration' | 'filters' | 'present'>[] = [
  {
    collection: 'organizations',
    createSchema: 'OrganizationCreate',
    event: 'organization.created',
    resource: anySpec(organizations),
    toStored: organizationToStored,
  },
  entry('billing-accounts', 'BillingAccountCreate', 'billing-account.created', billingAccounts),
  entry('contacts', 'ContactCreate', 'contact.created', contacts),
  entry('products', 'ProductCreate', 'product.catalog.published', products),
  entry('plans', 'PlanCreate', 'plan.catalog.published', plans),
  entry('orders', 'OrderCreate', 'order.created', orders),
  entry('subscriptions', 'SubscriptionCreate', 'subscription.created', subscriptions),
  entry('invoices', 'InvoiceCreate', 'invoice.posted', invoices),
  entry('payments', 'PaymentCreate', 'payment.processed', payments),
  entry('licenses', 'LicenseCreate', 'license.issued', licenses),
];

function entry(
  collection: string,
  createSchema: string,
  event: CanonicalEventName,
  spec: object,
): Omit<BulkEntity, 'declaration' | 'filters' | 'present'> {
  return { collection, createSchema, event, resource: anySpec(spec) };
}

/** Every entity bulk import and export serve, by collection name. */
export const BULK_ENTITIES: ReadonlyMap<string, BulkEntity> = new Map(
  ENTRIES.map((base) => {
    // Every canonical table is declared there; the lookup widens only the key type.
    const tables = recordTables as Readonly<Record<string, RecordTableDeclaration>>;
    const declaration = tables[base.resource.table] as RecordTableDeclaration;
    const filters = declaration.filters.map((filter) => filter.param);
    const resource = CANONICAL_V1_RESOURCES[entityOf(base.event)];
    const present = (record: StoredRecord) => resource.present(record);
    return [base.collection, { ...base, declaration, filters, present }];
  }),
);

/** The collection names bulk import and export accept, in a stable order. */
export const BULK_ENTITY_NAMES: readonly string[] = [...BULK_ENTITIES.keys()];
