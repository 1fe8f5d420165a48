import { describe, expect, it } from 'vitest';

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
import type { StoredRecord } from '../../../store/index.js';
import { CANONICAL_V1_RESOURCES } from './v1-data.js';

describe('the canonical v1 resources of the event builder', () => {
  it('name the table and collection of every resource spec', () => {
    const specs = {
      organization: organizations,
      'billing-account': billingAccounts,
      contact: contacts,
      product: products,
      plan: plans,
      order: orders,
      subscription: subscriptions,
      invoice: invoices,
      payment: payments,
      license: licenses,
    };
    const fromSpecs = Object.fromEntries(
      Object.entries(specs).map(([entity, spec]) => [entity, [spec.table, spec.collection]]),
    );
    const fromData = Object.fromEntries(
      Object.entries(CANONICAL_V1_RESOURCES).map(([entity, resource]) => [
        entity,
        [resource.table, resource.collection],
      ]),
    );
    expect(fromData).toStrictEqual(fromSpecs);
  });

  it('present an organization as the canonical v1 API answers with it', () => {
    const stored = {
      id: 'org-1',
      name: 'Acme',
      addresses: [{ type: 'billing', line1: '1 Main St', city: 'Springfield', country: 'US' }],
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    };
    const v1 = toOrganizationV1(stored as unknown as StoredOrganization);
    expect(CANONICAL_V1_RESOURCES.organization.present(stored as StoredRecord)).toStrictEqual(v1);
  });
});
