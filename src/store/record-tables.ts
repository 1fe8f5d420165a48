/** How a filter compares its query value with its column. */
export type FilterComparison = 'eq' | 'before' | 'contains';

/** One list filter: query parameter, column, how the column is derived and compared. */
export interface FilterDeclaration {
  readonly param: string;
  readonly column: string;
  readonly comparison: FilterComparison;
  readonly extract: (record: Readonly<Record<string, unknown>>) => string | null;
}

/** One resource table: its optional business key field and its filters. */
export interface RecordTableDeclaration {
  readonly key: string | null;
  readonly filters: readonly FilterDeclaration[];
}

/** Reads a string field; anything else is null. */
function readString(record: Readonly<Record<string, unknown>>, field: string): string | null {
  const value = record[field];
  return typeof value === 'string' ? value : null;
}

function toColumnName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** `column = value` on the string field of the same name. */
function eq(field: string): FilterDeclaration {
  const extract = (record: Readonly<Record<string, unknown>>) => readString(record, field);
  return { param: field, column: toColumnName(field), comparison: 'eq', extract };
}

/** `column < value` on a date field, queried under another parameter name. */
function before(param: string, field: string): FilterDeclaration {
  const extract = (record: Readonly<Record<string, unknown>>) => readString(record, field);
  return { param, column: toColumnName(field), comparison: 'before', extract };
}

/** Matches one token of `|a|b|`, built from `arrayField[].itemField`. */
function contains(param: string, arrayField: string, itemField: string): FilterDeclaration {
  const extract = (record: Readonly<Record<string, unknown>>): string | null => {
    const items = record[arrayField];
    if (!Array.isArray(items)) return null;
    const tokens = items
      .map((item: unknown) => (isObject(item) ? readString(item, itemField) : null))
      .filter((token): token is string => token !== null && token !== '');
    return tokens.length === 0 ? null : `|${tokens.join('|')}|`;
  };
  return { param, column: `${toColumnName(param)}_tokens`, comparison: 'contains', extract };
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

/** Every resource table the store migrates and serves, by table name. */
export const recordTables = {
  canonical_organizations: { key: null, filters: [eq('status'), eq('domain')] },
  canonical_billing_accounts: {
    key: 'accountNumber',
    filters: [eq('organizationId'), eq('accountNumber'), eq('status')],
  },
  canonical_contacts: { key: null, filters: [eq('organizationId'), eq('email'), eq('status')] },
  canonical_products: { key: 'sku', filters: [eq('sku'), eq('family'), eq('status')] },
  canonical_plans: { key: 'planCode', filters: [eq('productId'), eq('planCode'), eq('status')] },
  canonical_orders: {
    key: 'orderNumber',
    filters: [
      eq('billingAccountId'),
      eq('status'),
      contains('subscriptionNumber', 'actions', 'subscriptionNumber'),
    ],
  },
  canonical_subscriptions: {
    key: 'subscriptionNumber',
    filters: [eq('billingAccountId'), eq('subscriptionNumber'), eq('status')],
  },
  canonical_invoices: {
    key: 'invoiceNumber',
    filters: [eq('billingAccountId'), eq('invoiceNumber'), eq('status')],
  },
  canonical_payments: {
    key: 'paymentNumber',
    filters: [
      eq('billingAccountId'),
      eq('status'),
      contains('invoiceNumber', 'applications', 'invoiceNumber'),
    ],
  },
  canonical_licenses: { key: null, filters: [eq('subscriptionNumber'), eq('kind'), eq('status')] },
  billing_accounts: { key: 'accountNumber', filters: [eq('status'), eq('crmId')] },
  billing_subscriptions: {
    key: 'subscriptionNumber',
    filters: [eq('accountNumber'), eq('status')],
  },
  billing_invoices: {
    key: 'invoiceNumber',
    filters: [eq('accountNumber'), eq('status'), before('dueBefore', 'dueDate')],
  },
  billing_payments: { key: 'paymentNumber', filters: [eq('accountNumber'), eq('status')] },
  sales_accounts: { key: null, filters: [eq('type'), eq('website')] },
  sales_contacts: { key: null, filters: [eq('accountId'), eq('email')] },
  sales_opportunities: {
    key: null,
    filters: [eq('accountId'), eq('stageName'), before('closeDateBefore', 'closeDate')],
  },
} satisfies Record<string, RecordTableDeclaration>;

/** The tables of the finance and fulfillment contexts; migration 0009_context_records creates them. */
export const contextRecordTables = {
  finance_customers: { key: 'externalId', filters: [eq('externalId'), eq('subsidiary')] },
  finance_invoices: { key: 'externalId', filters: [eq('entity'), eq('status'), eq('externalId')] },
  finance_customer_payments: { key: 'externalId', filters: [eq('customer'), eq('externalId')] },
  finance_journal_entries: {
    key: 'externalId',
    filters: [eq('postingPeriod'), eq('subsidiary')],
  },
  fulfillment_portal_users: { key: 'email', filters: [eq('email')] },
  fulfillment_billing_account_links: {
    key: null,
    filters: [eq('userId'), eq('zuoraAccountNumber')],
  },
  fulfillment_licenses: { key: null, filters: [eq('zuoraSubscriptionName'), eq('status')] },
  fulfillment_namespace_plans: {
    key: null,
    filters: [eq('namespaceId'), eq('zuoraSubscriptionName')],
  },
} satisfies Record<string, RecordTableDeclaration>;

/** Every resource table a repository serves: migration 0001's and the later declarations'. */
export const allRecordTables: Readonly<Record<RecordTableName, RecordTableDeclaration>> = {
  ...recordTables,
  ...contextRecordTables,
};

/** The name of a declared resource table. */
export type RecordTableName = keyof typeof recordTables | keyof typeof contextRecordTables;

/** The tables migration 0001 creates, in declaration order; later tables have own migrations. */
// Object.keys widens to string[]; the keys of this literal are exactly those of recordTables.
export const recordTableNames = Object.keys(recordTables) as (keyof typeof recordTables)[];
