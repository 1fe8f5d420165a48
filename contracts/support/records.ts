/**
 * The records the provider states name: the consumer tests expect them, and the provider seeds
 * them into the store before each interaction that names their state.
 */

/** A canonical organization as canonical v1 shows it (addresses without a type). */
export const ORGANIZATION_V1 = {
  id: '3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10',
  legalName: 'Acme Robotics GmbH',
  domain: 'acme-robotics.example',
  segment: 'mid-market',
  status: 'prospect',
  type: 'standard',
  addresses: [{ line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' }],
  externalRefs: [{ system: 'crm', type: 'Account', id: '0015e00000ABCDeAAO' }],
  createdAt: '2026-11-02T09:30:00.000Z',
  updatedAt: '2026-11-02T09:30:00.000Z',
} as const;

/** A canonical organization with typed addresses, as canonical v2 shows it. */
export const ORGANIZATION_V2 = {
  id: '6a1d9e30-2c4b-4f7e-8d15-0b9c3e7f2a46',
  legalName: 'Globex Logistics BV',
  domain: 'globex-logistics.example',
  segment: 'large',
  status: 'customer',
  type: 'standard',
  addresses: [
    { type: 'registered', line1: 'Keizersgracht 1', city: 'Amsterdam', country: 'NL' },
    {
      type: 'billing',
      line1: 'Postbus 100',
      city: 'Amsterdam',
      postalCode: '1000 AA',
      country: 'NL',
    },
  ],
  externalRefs: [{ system: 'crm', type: 'Account', id: '0015e00000GLOBXAAO' }],
  createdAt: '2026-10-20T08:00:00.000Z',
  updatedAt: '2026-10-20T08:00:00.000Z',
} as const;

/** An id no record has, for the not-found interactions. */
export const MISSING_ID = '00000000-0000-4000-8000-000000000404';

const BERLIN = { line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' };

/** A billing account of the billing context, keyed by its account number. */
export const BILLING_ACCOUNT = {
  accountNumber: 'A00012345',
  name: 'Acme Robotics GmbH',
  currency: 'EUR',
  billCycleDay: 1,
  paymentTerm: 'Net 30',
  autoPay: false,
  crmId: '0015e00000ABCDeAAO',
  billToContact: {
    firstName: 'Jana',
    lastName: 'Becker',
    workEmail: 'jana.becker@acme-robotics.example',
    address: BERLIN,
  },
  soldToContact: {
    firstName: 'Jana',
    lastName: 'Becker',
    workEmail: 'jana.becker@acme-robotics.example',
    address: BERLIN,
  },
  status: 'Active',
  createdAt: '2026-11-02T09:30:00.000Z',
  updatedAt: '2026-11-02T09:30:00.000Z',
} as const;

/** An account number no billing account has. */
export const MISSING_ACCOUNT_NUMBER = 'A99999999';

/** A CRM account of the sales context. */
export const SALES_ACCOUNT = {
  accountId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  name: 'Acme Robotics GmbH',
  website: 'acme-robotics.example',
  industry: 'Manufacturing',
  type: 'Customer',
  billingAddress: BERLIN,
  ownerEmail: 'maria.lopez@example.com',
  createdAt: '2026-11-01T12:00:00.000Z',
  updatedAt: '2026-11-01T12:00:00.000Z',
} as const;
