import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

/** Canonical billing accounts, stored in `canonical_billing_accounts`. */
export const billingAccounts: ResourceSpec<
  Schemas['BillingAccount'],
  Schemas['BillingAccountCreate']
> = {
  table: 'canonical_billing_accounts',
  noun: 'billing account',
  collection: 'billing-accounts',
  idField: 'id',
  events: canonicalEvents('billing-account', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    billCycleDay: 1,
    paymentTerms: 'net-30',
    autoPay: false,
    channel: 'sales',
    taxExempt: false,
    status: 'active',
    externalRefs: [],
    ...body,
  }),
};
