import { describe, expect, it } from 'vitest';

import { rowValidator } from './row-validator.js';

describe('rowValidator', () => {
  const organizations = rowValidator('OrganizationCreate', true);

  it('accepts a valid row, with CSV text coerced to the type the schema asks for', () => {
    expect(organizations({ legalName: 'Northwind Traders', segment: 'smb' })).toBeUndefined();
  });

  it.each([
    {
      title: 'an enum value',
      row: { legalName: 'Fabrikam', segment: 'enterprise' },
      reason:
        '/segment must be one of "smb", "mid-market", "large", "public-sector", got "enterprise"',
    },
    {
      title: 'a format',
      row: { legalName: 'Fabrikam', domain: 'not a host name' },
      reason: '/domain must match format "hostname", got "not a host name"',
    },
    {
      title: 'a missing required property',
      row: { domain: 'fabrikam.example' },
      reason: "/ must have required property 'legalName'",
    },
    {
      title: 'an unknown property',
      row: { legalName: 'Fabrikam', colour: 'blue' },
      reason: '/ must NOT have additional properties ("colour")',
    },
    {
      title: 'a long value, quoted up to 60 characters',
      row: { legalName: 'x'.repeat(300) },
      reason: `/legalName must NOT have more than 255 characters, got "${'x'.repeat(58)}…`,
    },
  ])('says what is expected and what arrived for $title', ({ row, reason }) => {
    expect(organizations(row)).toBe(reason);
  });

  it('lists every reason of a row, in order', () => {
    const reasons = organizations({ segment: 'enterprise', status: 'gone' });

    expect(reasons?.split('; ')).toStrictEqual([
      "/ must have required property 'legalName'",
      '/segment must be one of "smb", "mid-market", "large", "public-sector", got "enterprise"',
      '/status must be one of "prospect", "customer", "partner", "inactive", got "gone"',
    ]);
  });
});
