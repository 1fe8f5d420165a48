import type { Canonical } from './types.js';

/** A canonical organization with its CRM ref, as the mapper tests read it. */
export const acmeOrganization: Canonical['Organization'] = {
  id: '3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10',
  legalName: 'Acme Robotics GmbH',
  domain: 'acme-robotics.example',
  segment: 'mid-market',
  status: 'customer',
  type: 'standard',
  addresses: [{ line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' }],
  externalRefs: [{ system: 'crm', type: 'Account', id: '0015e00000ABCDeAAO' }],
  createdAt: '2026-11-02T09:30:00Z',
  updatedAt: '2026-11-02T09:30:00Z',
};

/** The bill-to contact of the sample billing account. */
export const janaContact: Canonical['Contact'] = {
  id: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f',
  organizationId: acmeOrganization.id,
  firstName: 'Jana',
  lastName: 'Becker',
  email: 'jana.becker@acme-robotics.example',
  address: { line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
  roles: ['billTo'],
  status: 'active',
  externalRefs: [],
  createdAt: '2026-11-02T09:30:00Z',
  updatedAt: '2026-11-02T09:30:00Z',
};

/** A canonical billing account in EUR, sold by the Dutch entity. */
export const acmeBillingAccount: Canonical['BillingAccount'] & { accountNumber: string } = {
  id: '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e',
  organizationId: acmeOrganization.id,
  accountNumber: 'A00012345',
  name: 'Acme Robotics GmbH (EUR)',
  currency: 'EUR',
  billCycleDay: 1,
  paymentTerms: 'net-30',
  autoPay: false,
  billingEntity: 'nl-bv',
  channel: 'sales',
  taxExempt: false,
  vatId: 'DE123456789',
  billTo: { contactId: janaContact.id },
  status: 'active',
  externalRefs: [],
  createdAt: '2026-11-02T09:30:00Z',
  updatedAt: '2026-11-02T09:30:00Z',
};

/** A posted canonical invoice of the sample account: one plan, 25 seats, a year of service. */
export const acmeInvoice: Canonical['Invoice'] = {
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  invoiceNumber: 'INV00023456',
  billingAccountId: acmeBillingAccount.id,
  invoiceDate: '2026-11-15',
  dueDate: '2026-12-15',
  status: 'posted',
  currency: 'EUR',
  subtotal: { amount: '27500.00', currency: 'EUR' },
  tax: { amount: '0.00', currency: 'EUR' },
  total: { amount: '27500.00', currency: 'EUR' },
  balance: { amount: '12500.00', currency: 'EUR' },
  billingEntity: 'nl-bv',
  lines: [
    {
      subscriptionNumber: 'S-00004567',
      planId: '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      servicePeriodStart: '2026-11-15',
      servicePeriodEnd: '2027-11-14',
      quantity: 25,
      amount: { amount: '27500.00', currency: 'EUR' },
    },
  ],
  externalRefs: [],
  createdAt: '2026-11-15T02:00:00Z',
  updatedAt: '2026-11-15T02:00:00Z',
};

/** An active termed subscription of the sample account. */
export const acmeSubscription: Canonical['Subscription'] = {
  id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  subscriptionNumber: 'S-00004567',
  billingAccountId: acmeBillingAccount.id,
  status: 'active',
  termType: 'termed',
  termStart: '2026-11-15',
  termEnd: '2027-11-14',
  autoRenew: true,
  lines: [
    {
      planId: '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      quantity: 20,
      price: { amount: '1100.00', currency: 'EUR' },
    },
    {
      planId: '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      quantity: 5,
      price: { amount: '1100.00', currency: 'EUR' },
    },
  ],
  instanceRef: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
  version: 2,
  externalRefs: [],
  createdAt: '2026-11-15T00:00:00Z',
  updatedAt: '2026-11-20T00:00:00Z',
};

/** A copy of `value` without `key`, for samples that lack an optional field. */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy: Partial<T> = { ...value };
  delete copy[key];
  // Only `key` was removed; every other field is the sample's own.
  return copy as Omit<T, K>;
}
