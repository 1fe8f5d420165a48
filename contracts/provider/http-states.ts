import type { VerifierOptions } from '@pact-foundation/pact';

import type { RecordTableName, Store, StoredRecord } from '../../src/store/index.js';
import {
  BILLING_ACCOUNT,
  MISSING_ACCOUNT_NUMBER,
  MISSING_ID,
  ORGANIZATION_V1,
  ORGANIZATION_V2,
  SALES_ACCOUNT,
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

/** Fails the state when a record the state says is missing exists. */
async function expectMissing(store: Store, table: RecordTableName, id: string): Promise<void> {
  if (await store.records(table).get(id)) {
    throw new Error(`expected no record '${id}' in ${table}, got one`);
  }
}

/** The provider states of every HTTP pact, seeded through the store's repositories. */
export function httpStateHandlers(store: Store): StateHandlers {
  const seed = (table: RecordTableName, record: StoredRecord) => async () => {
    await seedRecord(store, table, record);
    return undefined;
  };
  const missing = (table: RecordTableName, id: string) => async () => {
    await expectMissing(store, table, id);
    return undefined;
  };
  return {
    [`an organization with id ${ORGANIZATION_V1.id}`]: seed('canonical_organizations', {
      ...ORGANIZATION_V1,
      addresses: [...ORGANIZATION_V1.addresses],
    }),
    [`an organization with id ${ORGANIZATION_V2.id}`]: seed('canonical_organizations', {
      ...ORGANIZATION_V2,
    }),
    [`no organization with id ${MISSING_ID}`]: missing('canonical_organizations', MISSING_ID),
    [`a billing account with number ${BILLING_ACCOUNT.accountNumber}`]: seed('billing_accounts', {
      ...BILLING_ACCOUNT,
      id: BILLING_ACCOUNT.accountNumber,
    }),
    [`no billing account with number ${MISSING_ACCOUNT_NUMBER}`]: missing(
      'billing_accounts',
      MISSING_ACCOUNT_NUMBER,
    ),
    [`a CRM account with id ${SALES_ACCOUNT.accountId}`]: seed('sales_accounts', {
      ...SALES_ACCOUNT,
      id: SALES_ACCOUNT.accountId,
    }),
    [`no CRM account with id ${MISSING_ID}`]: missing('sales_accounts', MISSING_ID),
  };
}
