import { findExternalId, withExternalRef } from './external-refs.js';
import { MapperError } from './mapper-error.js';
import { BILLING_TERMS, canonicalTerms } from './terms.js';
import type { Billing, Canonical } from './types.js';

type BillingAccount = Canonical['BillingAccount'];

/** The people a billing account is addressed to, which canonical keeps as contact records. */
export interface BillingAccountContacts {
  billTo: Canonical['Contact'];
  /** Defaults to the bill-to contact, as billing does. */
  soldTo?: Canonical['Contact'];
}

const STATUS_TO_BILLING = { active: 'Active', suspended: 'Suspended', closed: 'Canceled' } as const;
const STATUS_FROM_BILLING = {
  Active: 'active',
  Suspended: 'suspended',
  Canceled: 'closed',
} as const;

/**
 * A canonical billing account as billing creates it: contacts embedded, terms in billing's
 * spelling, and the CRM account of the organization as `crmId`.
 */
export function toBillingAccountCreate(
  account: BillingAccount,
  contacts: BillingAccountContacts,
  organization: Canonical['Organization'],
): Billing['BillingAccountCreate'] {
  const crmId = findExternalId(organization.externalRefs, 'crm', 'Account');
  return {
    name: account.name,
    currency: account.currency,
    billCycleDay: account.billCycleDay,
    paymentTerm: BILLING_TERMS[account.paymentTerms],
    autoPay: account.autoPay,
    ...(crmId === undefined ? {} : { crmId }),
    billToContact: toBillingContact(contacts.billTo, 'billTo'),
    soldToContact: toBillingContact(contacts.soldTo ?? contacts.billTo, 'soldTo'),
  };
}

/**
 * A billing account as the canonical update that mirrors it: the fields billing owns, and the
 * billing ref with its account number. Contacts stay canonical records and are not touched.
 */
export function fromBillingAccount(
  account: Billing['BillingAccount'],
  current: BillingAccount,
): BillingAccount {
  const paymentTerms = canonicalTerms(account.paymentTerm);
  if (paymentTerms === undefined) {
    throw new MapperError(
      'fromBillingAccount',
      `expected a payment term canonical knows (Due Upon Receipt to Net 60), got '${account.paymentTerm}'`,
    );
  }
  return {
    ...current,
    accountNumber: account.accountNumber,
    name: account.name,
    billCycleDay: account.billCycleDay,
    paymentTerms,
    autoPay: account.autoPay,
    status: STATUS_FROM_BILLING[account.status],
    externalRefs: withExternalRef(current.externalRefs, {
      system: 'billing',
      type: 'Account',
      id: findExternalId(current.externalRefs, 'billing', 'Account') ?? account.accountNumber,
      number: account.accountNumber,
    }),
    updatedAt: account.updatedAt,
  };
}

/** The billing status of a canonical billing account status. */
export function toBillingStatus(
  status: BillingAccount['status'],
): Billing['BillingAccount']['status'] {
  return STATUS_TO_BILLING[status];
}

function toBillingContact(contact: Canonical['Contact'], role: string): Billing['BillingContact'] {
  if (contact.firstName === undefined || contact.address === undefined) {
    const missing = contact.firstName === undefined ? 'firstName' : 'address';
    throw new MapperError(
      'toBillingAccountCreate',
      `expected the ${role} contact ${contact.id} to have a ${missing}, which billing requires, got none`,
    );
  }
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    workEmail: contact.email,
    address: contact.address,
  };
}
