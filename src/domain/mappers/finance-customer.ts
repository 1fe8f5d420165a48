import { findExternalId } from './external-refs.js';
import { FINANCE_TERMS, SUBSIDIARIES } from './terms.js';
import type { Canonical, Finance } from './types.js';

/**
 * A canonical billing account as the ERP customer that books it: keyed by the billing account
 * number (the external id finance owns), named after its organization, in the subsidiary of
 * its billing entity.
 */
export function toFinanceCustomerCreate(
  account: Canonical['BillingAccount'] & { accountNumber: string },
  organization: Canonical['Organization'],
): Finance['CustomerCreate'] {
  const crmAccountId = findExternalId(organization.externalRefs, 'crm', 'Account');
  return {
    externalId: account.accountNumber,
    entityId: account.accountNumber,
    companyName: organization.legalName,
    ...(organization.domain === undefined ? {} : { url: organization.domain }),
    subsidiary: SUBSIDIARIES[account.billingEntity],
    currency: account.currency,
    terms: FINANCE_TERMS[account.paymentTerms],
    ...(account.vatId === undefined ? {} : { vatRegNumber: account.vatId }),
    ...(crmAccountId === undefined ? {} : { crmAccountId }),
  };
}
