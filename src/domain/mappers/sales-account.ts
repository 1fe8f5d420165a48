import { MapperError } from './mapper-error.js';
import type { Canonical, Sales } from './types.js';

type Organization = Canonical['Organization'];

const TYPE_FROM_STATUS = { prospect: 'Prospect', customer: 'Customer' } as const;
const STATUS_FROM_TYPE = {
  Prospect: 'prospect',
  Customer: 'customer',
  Partner: 'partner',
} as const;

/**
 * A canonical organization as the CRM account sales creates: its legal name, web domain and
 * first address. Partner and inactive organizations never come from sales.
 */
export function toSalesAccountCreate(organization: Organization): Sales['SalesAccountCreate'] {
  if (organization.status !== 'prospect' && organization.status !== 'customer') {
    throw new MapperError(
      'toSalesAccountCreate',
      `expected a prospect or customer organization, got ${organization.status} organization ${organization.id}; partner accounts come from the partner programme`,
    );
  }
  const [billingAddress] = organization.addresses;
  return {
    name: organization.legalName,
    ...(organization.domain === undefined ? {} : { website: organization.domain }),
    type: TYPE_FROM_STATUS[organization.status],
    ...(billingAddress === undefined ? {} : { billingAddress }),
  };
}

/** A CRM account as the canonical organization it creates, joined by its CRM ref. */
export function fromSalesAccount(account: Sales['SalesAccount']): Canonical['OrganizationCreate'] {
  return {
    legalName: account.name,
    ...(account.website === undefined ? {} : { domain: account.website }),
    status: STATUS_FROM_TYPE[account.type],
    type: account.type === 'Partner' ? 'partner' : 'standard',
    addresses: account.billingAddress === undefined ? [] : [account.billingAddress],
    externalRefs: [{ system: 'crm', type: 'Account', id: account.accountId }],
  };
}
