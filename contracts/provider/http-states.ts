import type { VerifierOptions } from '@pact-foundation/pact';

import type { RecordTableName, Store, StoredRecord } from '../../src/store/index.js';
import {
  BILLING_ACCOUNT,
  BILLING_SUBSCRIPTIONS,
  FINANCE_CUSTOMER,
  FINANCE_INVOICE,
  LICENSE,
  MISSING_ACCOUNT_NUMBER,
  MISSING_ID,
  MISSING_INTERNAL_ID,
  ORGANIZATION_V1,
  ORGANIZATION_V2,
  PORTAL_USER,
  SALES_ACCOUNT,
  SELLABLE_PLAN,
  UNSOLD_PLAN_CODE,
} from '../support/records.js';

/** Provider-state handlers by state name, as the Verifier takes them. */
export type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

/**
 * Writes a record with its fixed id, replacing what an earlier interaction left, so each
 * interaction starts from the record its state names.
 */
export async function seedRecord(
  store: Store,
  table: RecordTableName,
  record: StoredRecord,
): Promise<void> {
  const records = store.records(table);
  if (!(await records.replace(record))) await records.insert(record);
}

/** Fails the state when a record the state says is missing exists, by id or business key. */
async function expectMissing(
  store: Store,
  table: RecordTableName,
  by: { id: string } | { key: string },
): Promise<void> {
  const records = store.records(table);
  const found = 'id' in by ? await records.get(by.id) : await records.getByKey(by.key);
  if (found) {
    const named = 'id' in by ? `'${by.id}'` : `with key '${by.key}'`;
    throw new Error(`expected no record ${named} in ${table}, got one`);
  }
}

/** A billing subscription as billing keeps it, in the status a provider state names. */
function billingSubscription(subscription: { subscriptionNumber: string; status: string }) {
  return {
    ...subscription,
    id: subscription.subscriptionNumber,
    accountNumber: BILLING_ACCOUNT.accountNumber,
    termStartDate: '2026-11-15',
    termEndDate: '2027-11-14',
    autoRenew: true,
    ratePlans: [],
    createdAt: '2026-11-15T00:00:00.000Z',
    updatedAt: '2026-11-15T00:00:00.000Z',
  };
}

/** The provider states of every HTTP pact, seeded through the store's repositories. */
export function httpStateHandlers(store: Store): StateHandlers {
  const seed = (table: RecordTableName, record: StoredRecord) => async () => {
    await seedRecord(store, table, record);
    return undefined;
  };
  const missing = (table: RecordTableName, by: { id: string } | { key: string }) => async () => {
    await expectMissing(store, table, by);
    return undefined;
  };
  const { active, cancelled } = BILLING_SUBSCRIPTIONS;
  return {
    [`an organization with id ${ORGANIZATION_V1.id}`]: seed('canonical_organizations', {
      ...ORGANIZATION_V1,
      addresses: [...ORGANIZATION_V1.addresses],
    }),
    [`an organization with id ${ORGANIZATION_V2.id}`]: seed('canonical_organizations', {
      ...ORGANIZATION_V2,
    }),
    [`no organization with id ${MISSING_ID}`]: missing('canonical_organizations', {
      id: MISSING_ID,
    }),
    [`a billing account with number ${BILLING_ACCOUNT.accountNumber}`]: seed('billing_accounts', {
      ...BILLING_ACCOUNT,
      id: BILLING_ACCOUNT.accountNumber,
    }),
    [`no billing account with number ${MISSING_ACCOUNT_NUMBER}`]: missing('billing_accounts', {
      id: MISSING_ACCOUNT_NUMBER,
    }),
    [`a CRM account with id ${SALES_ACCOUNT.accountId}`]: seed('sales_accounts', {
      ...SALES_ACCOUNT,
      id: SALES_ACCOUNT.accountId,
    }),
    [`no CRM account with id ${MISSING_ID}`]: missing('sales_accounts', { id: MISSING_ID }),
    [`an ERP customer with external id ${FINANCE_CUSTOMER.externalId}`]: seed('finance_customers', {
      ...FINANCE_CUSTOMER,
      id: FINANCE_CUSTOMER.internalId,
    }),
    [`an ERP invoice with internal id ${FINANCE_INVOICE.internalId}`]: seed('finance_invoices', {
      ...FINANCE_INVOICE,
      item: [...FINANCE_INVOICE.item],
      id: FINANCE_INVOICE.internalId,
    }),
    [`no ERP invoice with internal id ${MISSING_INTERNAL_ID}`]: missing('finance_invoices', {
      id: MISSING_INTERNAL_ID,
    }),
    [`a portal user with e-mail ${PORTAL_USER.email}`]: seed('fulfillment_portal_users', {
      ...PORTAL_USER,
      id: PORTAL_USER.userId,
    }),
    [`a license with id ${LICENSE.licenseId}`]: seed('fulfillment_licenses', {
      ...LICENSE,
      id: LICENSE.licenseId,
    }),
    [`no license with id ${MISSING_ID}`]: missing('fulfillment_licenses', { id: MISSING_ID }),
    [`an Active billing subscription ${active.subscriptionNumber}`]: seed(
      'billing_subscriptions',
      billingSubscription(active),
    ),
    [`a Cancelled billing subscription ${cancelled.subscriptionNumber}`]: seed(
      'billing_subscriptions',
      billingSubscription(cancelled),
    ),
    [`the catalogue sells plan ${SELLABLE_PLAN.planCode}`]: seed('canonical_plans', {
      ...SELLABLE_PLAN,
      listPrices: [...SELLABLE_PLAN.listPrices],
      externalRefs: [...SELLABLE_PLAN.externalRefs],
    }),
    [`the catalogue does not sell plan ${UNSOLD_PLAN_CODE}`]: missing('canonical_plans', {
      key: UNSOLD_PLAN_CODE,
    }),
  };
}
