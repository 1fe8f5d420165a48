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

/** An ERP customer of the finance context, booked for the billing account A00012345. */
export const FINANCE_CUSTOMER = {
  internalId: '1042',
  externalId: 'A00012345',
  entityId: 'A00012345',
  companyName: 'Acme Robotics GmbH',
  email: 'ap@acme-robotics.example',
  subsidiary: 'Junction B.V.',
  currency: 'EUR',
  terms: 'Net 30',
  crmAccountId: '0015e00000ABCDeAAO',
  isInactive: false,
  createdAt: '2026-11-02T09:30:00.000Z',
  updatedAt: '2026-11-02T09:30:00.000Z',
} as const;

/** A billing invoice mirrored to the ERP, still open. */
export const FINANCE_INVOICE = {
  internalId: '20871',
  externalId: 'INV00023456',
  tranId: 'INV00023456',
  entity: '1042',
  tranDate: '2026-11-15',
  dueDate: '2026-12-15',
  subsidiary: 'Junction B.V.',
  currency: 'EUR',
  item: [{ item: 'premium-saas', quantity: 25, rate: '1100.00', amount: '27500.00' }],
  total: { amount: '27500.00', currency: 'EUR' },
  amountRemaining: { amount: '27500.00', currency: 'EUR' },
  status: 'Open',
  createdAt: '2026-11-15T02:00:00.000Z',
  updatedAt: '2026-11-15T02:00:00.000Z',
} as const;

/** An ERP internal id no finance record has. */
export const MISSING_INTERNAL_ID = '999999';

/** A person who signs in to the customer portal. */
export const PORTAL_USER = {
  userId: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
  email: 'jana.becker@acme-robotics.example',
  firstName: 'Jana',
  lastName: 'Becker',
  gitlabUserId: '4412087',
  createdAt: '2026-11-02T09:30:00.000Z',
  updatedAt: '2026-11-02T09:30:00.000Z',
} as const;

/** A cloud-activation license of the active subscription S-00004567. */
export const LICENSE = {
  licenseId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  zuoraSubscriptionName: 'S-00004567',
  planCode: 'ultimate',
  usersCount: 25,
  trueupQuantity: 0,
  startsAt: '2026-11-15',
  expiresAt: '2027-11-15',
  trial: false,
  cloudActivationCode: 'Xk29vQp7LmZr4Tb8Nc3Hs6Wd',
  status: 'active',
  createdAt: '2026-11-15T00:05:00.000Z',
  updatedAt: '2026-11-15T00:05:00.000Z',
} as const;

/** Billing subscriptions by the status fulfilment checks before it provisions anything. */
export const BILLING_SUBSCRIPTIONS = {
  active: { subscriptionNumber: 'S-00004567', status: 'Active' },
  cancelled: { subscriptionNumber: 'S-00004568', status: 'Cancelled' },
} as const;

/**
 * The plan the storefront sells online: active, with a US dollar list price and the rate plan
 * and charge of the billing system's catalogue (the billing fake serves its spec's examples).
 */
export const SELLABLE_PLAN = {
  id: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  productId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e',
  planCode: 'premium-annual',
  name: 'Premium, annual, per seat',
  chargeModel: 'per-unit',
  chargeType: 'recurring',
  billingPeriod: 'annual',
  listPrices: [{ amount: '348.00', currency: 'USD' }],
  status: 'active',
  externalRefs: [
    { system: 'billing', type: 'ProductRatePlan', id: '8ad0823f8c7a4f2f018c7b8e4d5e6f70' },
    { system: 'billing', type: 'ProductRatePlanCharge', id: '8ad0823f8c7a4f2f018c7b8e4d5e6f71' },
  ],
  createdAt: '2026-10-01T08:00:00.000Z',
  updatedAt: '2026-10-01T08:00:00.000Z',
} as const;

/** A plan code the catalogue does not sell. */
export const UNSOLD_PLAN_CODE = 'gold-annual';
