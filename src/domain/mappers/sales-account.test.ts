import { describe, expect, it } from 'vitest';

import { fromSalesAccount, toSalesAccountCreate } from './sales-account.js';
import { acmeOrganization, without } from './samples.test-support.js';

describe('toSalesAccountCreate', () => {
  it('maps a customer organization to a CRM customer account with its first address', () => {
    expect(toSalesAccountCreate(acmeOrganization)).toStrictEqual({
      name: 'Acme Robotics GmbH',
      website: 'acme-robotics.example',
      type: 'Customer',
      billingAddress: {
        line1: 'Friedrichstrasse 68',
        city: 'Berlin',
        postalCode: '10117',
        country: 'DE',
      },
    });
  });

  it('maps a prospect without domain or address to a bare prospect account', () => {
    const withoutDomain = without(acmeOrganization, 'domain');
    expect(
      toSalesAccountCreate({ ...withoutDomain, status: 'prospect', addresses: [] }),
    ).toStrictEqual({ name: 'Acme Robotics GmbH', type: 'Prospect' });
  });

  it('refuses a partner organization, which never comes from sales', () => {
    expect(() => toSalesAccountCreate({ ...acmeOrganization, status: 'partner' })).toThrow(
      'toSalesAccountCreate: expected a prospect or customer organization, got partner organization 3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10; partner accounts come from the partner programme',
    );
  });
});

describe('fromSalesAccount', () => {
  it('maps a CRM partner account to a partner organization joined by its CRM ref', () => {
    expect(
      fromSalesAccount({
        accountId: '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
        name: 'Northwind Partners Ltd',
        website: 'northwind.example',
        type: 'Partner',
        createdAt: '2026-11-02T09:30:00Z',
        updatedAt: '2026-11-02T09:30:00Z',
      }),
    ).toStrictEqual({
      legalName: 'Northwind Partners Ltd',
      domain: 'northwind.example',
      status: 'partner',
      type: 'partner',
      addresses: [],
      externalRefs: [
        { system: 'crm', type: 'Account', id: '0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b' },
      ],
    });
  });
});
