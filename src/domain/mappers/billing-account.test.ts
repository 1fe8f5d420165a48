import { describe, expect, it } from 'vitest';

import { fromBillingAccount, toBillingAccountCreate, toBillingStatus } from './billing-account.js';
import {
  acmeBillingAccount,
  acmeOrganization,
  janaContact,
  without,
} from './samples.test-support.js';
import type { Billing } from './types.js';

const janaInBilling = {
  firstName: 'Jana',
  lastName: 'Becker',
  workEmail: 'jana.becker@acme-robotics.example',
  address: { line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
};

describe('toBillingAccountCreate', () => {
  it('embeds the contacts, spells the terms as billing does and carries the CRM id', () => {
    expect(
      toBillingAccountCreate(acmeBillingAccount, { billTo: janaContact }, acmeOrganization),
    ).toStrictEqual({
      name: 'Acme Robotics GmbH (EUR)',
      currency: 'EUR',
      billCycleDay: 1,
      paymentTerm: 'Net 30',
      autoPay: false,
      crmId: '0015e00000ABCDeAAO',
      billToContact: janaInBilling,
      soldToContact: janaInBilling,
    });
  });

  it('leaves crmId out for an organization without a CRM ref and maps net-0 to Due Upon Receipt', () => {
    const created = toBillingAccountCreate(
      { ...acmeBillingAccount, paymentTerms: 'net-0' },
      { billTo: janaContact },
      { ...acmeOrganization, externalRefs: [] },
    );
    expect(created).toStrictEqual({
      name: 'Acme Robotics GmbH (EUR)',
      currency: 'EUR',
      billCycleDay: 1,
      paymentTerm: 'Due Upon Receipt',
      autoPay: false,
      billToContact: janaInBilling,
      soldToContact: janaInBilling,
    });
  });

  it('refuses a bill-to contact without a first name, which billing requires', () => {
    const nameless = without(janaContact, 'firstName');
    expect(() =>
      toBillingAccountCreate(acmeBillingAccount, { billTo: nameless }, acmeOrganization),
    ).toThrow(
      'toBillingAccountCreate: expected the billTo contact c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f to have a firstName, which billing requires, got none',
    );
  });
});

describe('fromBillingAccount', () => {
  const billing: Billing['BillingAccount'] = {
    accountNumber: 'A00012345',
    name: 'Acme Robotics GmbH (EUR)',
    currency: 'EUR',
    billCycleDay: 15,
    paymentTerm: 'Net 45',
    autoPay: true,
    crmId: '0015e00000ABCDeAAO',
    billToContact: janaInBilling,
    soldToContact: janaInBilling,
    status: 'Suspended',
    createdAt: '2026-11-02T09:30:00Z',
    updatedAt: '2026-11-20T08:00:00Z',
  };

  it('takes the fields billing owns onto the canonical account and records the billing ref', () => {
    expect(fromBillingAccount(billing, acmeBillingAccount)).toStrictEqual({
      ...acmeBillingAccount,
      billCycleDay: 15,
      paymentTerms: 'net-45',
      autoPay: true,
      status: 'suspended',
      externalRefs: [{ system: 'billing', type: 'Account', id: 'A00012345', number: 'A00012345' }],
      updatedAt: '2026-11-20T08:00:00Z',
    });
  });

  it('refuses Net 90, which has no canonical terms', () => {
    expect(() =>
      fromBillingAccount({ ...billing, paymentTerm: 'Net 90' }, acmeBillingAccount),
    ).toThrow(
      "fromBillingAccount: expected a payment term canonical knows (Due Upon Receipt to Net 60), got 'Net 90'",
    );
  });

  it.each([
    { canonical: 'active', billing: 'Active' },
    { canonical: 'suspended', billing: 'Suspended' },
    { canonical: 'closed', billing: 'Canceled' },
  ] as const)('maps canonical $canonical to billing $billing', ({ canonical, billing }) => {
    expect(toBillingStatus(canonical)).toBe(billing);
  });
});
