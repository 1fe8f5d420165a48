import type { Billing, Canonical, Finance } from './types.js';

type CanonicalTerms = Canonical['BillingAccount']['paymentTerms'];
type BillingTerm = NonNullable<Billing['BillingAccountCreate']['paymentTerm']>;
type FinanceTerms = Finance['Customer']['terms'];
type BillingEntity = Canonical['BillingAccount']['billingEntity'];

/** Canonical payment terms in billing's spelling, and back. */
export const BILLING_TERMS: Readonly<Record<CanonicalTerms, BillingTerm>> = {
  'net-0': 'Due Upon Receipt',
  'net-15': 'Net 15',
  'net-30': 'Net 30',
  'net-45': 'Net 45',
  'net-60': 'Net 60',
};

/** Canonical payment terms as the ERP's terms records name them. */
export const FINANCE_TERMS: Readonly<Record<CanonicalTerms, FinanceTerms>> = {
  'net-0': 'Due on receipt',
  'net-15': 'Net 15',
  'net-30': 'Net 30',
  'net-45': 'Net 45',
  'net-60': 'Net 60',
};

/** The ERP subsidiary that books each billing entity's business (one entity, one subsidiary). */
export const SUBSIDIARIES: Readonly<Record<BillingEntity, Finance['Subsidiary']>> = {
  'us-inc': 'Junction Inc.',
  'nl-bv': 'Junction B.V.',
  'uk-ltd': 'Junction Ltd.',
  'de-gmbh': 'Junction GmbH',
  'au-pty': 'Junction Pty Ltd',
};

/** The canonical terms of a billing payment term; Net 90 has no canonical equal. */
export function canonicalTerms(term: BillingTerm): CanonicalTerms | undefined {
  // Object.keys widens to string[]; the keys of BILLING_TERMS are exactly CanonicalTerms.
  const keys = Object.keys(BILLING_TERMS) as CanonicalTerms[];
  return keys.find((key) => BILLING_TERMS[key] === term);
}
