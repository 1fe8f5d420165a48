import { describe, expect, it } from 'vitest';

import { toOrganizationV1 } from '../v1/organizations.js';
import type { StoredOrganization } from './organizations.js';
import { toOrganizationV2 } from './organizations.js';

const base = {
  id: '3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10',
  legalName: 'Acme Robotics GmbH',
  domain: 'acme-robotics.example',
  status: 'customer',
  type: 'standard',
  externalRefs: [{ system: 'crm', type: 'Account', id: '0015e00000ABCDeAAO' }],
  createdAt: '2026-11-02T09:30:00.000Z',
  updatedAt: '2026-11-02T09:30:00.000Z',
} satisfies Omit<StoredOrganization, 'addresses'>;

const written = {
  ...base,
  addresses: [
    { type: 'shipping', line1: 'Am Lagerplatz 4', city: 'Potsdam', country: 'DE' },
    { type: 'registered', line1: 'Friedrichstrasse 68', city: 'Berlin', country: 'DE' },
  ],
} satisfies StoredOrganization;

const legacy = {
  ...base,
  addresses: [
    { line1: 'Friedrichstrasse 68', city: 'Berlin', postalCode: '10117', country: 'DE' },
    { line1: 'Am Lagerplatz 4', city: 'Potsdam', country: 'DE' },
  ],
} satisfies StoredOrganization;

describe('toOrganizationV2', () => {
  it('shows a stored organization with its typed addresses as they are', () => {
    expect(toOrganizationV2(written)).toStrictEqual(written);
  });

  it('types the addresses of an organization stored before v2', () => {
    expect(toOrganizationV2(legacy)).toStrictEqual({
      ...base,
      addresses: [
        {
          type: 'registered',
          line1: 'Friedrichstrasse 68',
          city: 'Berlin',
          postalCode: '10117',
          country: 'DE',
        },
        { type: 'other', line1: 'Am Lagerplatz 4', city: 'Potsdam', country: 'DE' },
      ],
    });
  });
});

describe('toOrganizationV1', () => {
  it('shows every address without its type, in stored order', () => {
    expect(toOrganizationV1(written)).toStrictEqual({
      ...base,
      addresses: [
        { line1: 'Am Lagerplatz 4', city: 'Potsdam', country: 'DE' },
        { line1: 'Friedrichstrasse 68', city: 'Berlin', country: 'DE' },
      ],
    });
  });

  it('shows an organization stored before v2 exactly as v1 wrote it', () => {
    expect(toOrganizationV1(legacy)).toStrictEqual(legacy);
  });
});
