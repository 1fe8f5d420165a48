import type { Request } from 'express';

import type { components } from '../../../generated/erp-system-v1/types.js';
import { FakeError } from './fake-system.js';
import type { FakeContext, FakeDefinition } from './fake-system.js';

type Schemas = components['schemas'];
type RefInput = Schemas['RefInput'];
type Ref = Schemas['Ref'];

/** A stored ERP record: its internal id, optional external id and fields, as the API answers. */
export type ErpRecord = { id: string; externalId?: string; lastModifiedDate: string } & Record<
  string,
  unknown
>;

/** The record types the fake ERP serves, as they appear in its paths. */
export type ErpRecordType = 'customer' | 'invoice' | 'customerPayment' | 'journalEntry';

/** The fake ERP's records by type, each by internal id. */
export type ErpState = Record<ErpRecordType, Map<string, ErpRecord>> & {
  /** The next internal id; shared by every type, as the ERP's are unique per account. */
  nextId: number;
};

const RECORD_TYPES: readonly ErpRecordType[] = [
  'customer',
  'invoice',
  'customerPayment',
  'journalEntry',
];

const PAYMENTS_SINCE = /^lastModifiedDate ON_OR_AFTER "([^"]+)"$/;

/** The ERP system (erp-system-v1): upserts by external id, reads, and pages payments by change. */
export const erpFake: FakeDefinition<ErpState> = {
  apiId: 'erp-system-v1',
  createState: () => ({
    customer: new Map(),
    invoice: new Map(),
    customerPayment: new Map(),
    journalEntry: new Map(),
    nextId: 1001,
  }),
  mount(router, state, context) {
    router.get('/services/rest/record/v1/customerPayment', (request, response) => {
      response.json(listPayments(state, request, context));
    });
    for (const type of RECORD_TYPES) {
      const path = `/services/rest/record/v1/${type}/:id`;
      router.get(path, (request, response) => {
        response.json(findRecord(state, type, String(request.params.id)));
      });
      router.put(path, (request, response) => {
        const record = upsertRecord(state, type, request, context);
        response.location(`${context.origin()}/services/rest/record/v1/${type}/${record.id}`);
        response.status(204).end();
      });
    }
  },
  errorBody: (status, message) => ({
    type: `https://www.rfc-editor.org/rfc/rfc9110.html#status.${status}`,
    title: status === 404 ? 'Not Found' : status < 500 ? 'Bad Request' : 'Internal Server Error',
    status,
    'o:errorDetails': [{ detail: message, 'o:errorCode': errorCodeOf(status) }],
  }),
};

function errorCodeOf(status: number): string {
  if (status === 404) return 'NONEXISTENT_ID';
  return status < 500 ? 'INVALID_VALUE' : 'UNEXPECTED_ERROR';
}

/** The record a key (`1043` or `eid:A00012345`) names, or a 404. */
function findRecord(state: ErpState, type: ErpRecordType, key: string): ErpRecord {
  const record = lookup(state, type, key);
  if (record === undefined) throw new FakeError(404, `No ${type} has the key '${key}'.`);
  return record;
}

function lookup(state: ErpState, type: ErpRecordType, key: string): ErpRecord | undefined {
  if (!key.startsWith('eid:')) return state[type].get(key);
  const externalId = key.slice('eid:'.length);
  return [...state[type].values()].find((record) => record.externalId === externalId);
}

function upsertRecord(
  state: ErpState,
  type: ErpRecordType,
  request: Request,
  context: FakeContext,
): ErpRecord {
  const key = String(request.params.id);
  const externalId = key.slice('eid:'.length);
  const fields = resolveFields(state, type, request.body as Record<string, unknown>);
  const existing = lookup(state, type, key);
  const now = context
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const id = existing?.id ?? String(state.nextId++);
  const record: ErpRecord = {
    ...(existing ?? { dateCreated: now }),
    ...fields,
    id,
    externalId,
    lastModifiedDate: now,
  };
  state[type].set(id, { ...record, ...derivedFields(type, record) });
  return record;
}

/** Replaces every reference with the stored form and checks the rules the ERP enforces. */
function resolveFields(
  state: ErpState,
  type: ErpRecordType,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const fields = { ...body };
  for (const field of ['customer', 'entity'] as const) {
    if (fields[field] !== undefined) fields[field] = customerRef(state, fields[field] as RefInput);
  }
  for (const field of ['subsidiary', 'currency', 'terms', 'parent', 'paymentMethod']) {
    if (fields[field] !== undefined) fields[field] = plainRef(fields[field] as RefInput);
  }
  if (type === 'customerPayment') fields.apply = resolveApplications(state, fields.apply);
  if (type === 'journalEntry') checkBalanced(fields.line);
  return fields;
}

function customerRef(state: ErpState, input: RefInput): Ref {
  const key = input.id ?? `eid:${input.externalId ?? ''}`;
  const customer = lookup(state, 'customer', key);
  if (customer === undefined) {
    throw new FakeError(400, `Invalid reference: no customer has the key '${key}'.`);
  }
  const ref: Ref = { id: customer.id, refName: String(customer.companyName) };
  return customer.externalId === undefined ? ref : { ...ref, externalId: customer.externalId };
}

function plainRef(input: RefInput): Ref {
  return { id: input.id ?? input.externalId ?? '' };
}

function resolveApplications(state: ErpState, apply: unknown): unknown {
  const items = (apply as { items?: Schemas['PaymentApplicationInput'][] } | undefined)?.items;
  if (items === undefined) return { items: [] };
  return {
    items: items.map((item) => {
      const key = item.doc.id ?? `eid:${item.doc.externalId ?? ''}`;
      const invoice = findRecord(state, 'invoice', key);
      return {
        ...item,
        doc: {
          id: invoice.id,
          refName: typeof invoice.tranId === 'string' ? invoice.tranId : invoice.id,
        },
      };
    }),
  };
}

function checkBalanced(line: unknown): void {
  const items = (line as { items: Schemas['JournalLineInput'][] }).items;
  const cents = (value: number | undefined) => Math.round((value ?? 0) * 100);
  const debits = items.reduce((sum, item) => sum + cents(item.debit), 0);
  const credits = items.reduce((sum, item) => sum + cents(item.credit), 0);
  if (debits !== credits) {
    throw new FakeError(
      400,
      `The journal entry does not balance: debits ${debits / 100}, credits ${credits / 100}.`,
    );
  }
}

function derivedFields(type: ErpRecordType, record: ErpRecord): Record<string, unknown> {
  if (type !== 'invoice') return {};
  const lines = (record.item as { items: { amount: number }[] }).items;
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    tranId: record.tranId ?? record.externalId,
    total,
    amountRemaining: record.amountRemaining ?? total,
    status: { id: 'A', refName: 'Open' },
  };
}

/** Payments changed at or after `q`'s time, oldest change first, then by internal id. */
function listPayments(
  state: ErpState,
  request: Request,
  context: FakeContext,
): Schemas['CustomerPaymentList'] {
  const { q, limit, offset } = request.query as { q?: string; limit?: string; offset?: string };
  const since = q === undefined ? undefined : sinceOf(q);
  const pageSize = Number(limit ?? 1000);
  const start = Number(offset ?? 0);
  const matching = [...state.customerPayment.values()]
    .filter((payment) => since === undefined || Date.parse(payment.lastModifiedDate) >= since)
    .sort(byChange);
  const items = matching.slice(start, start + pageSize);
  const hasMore = start + items.length < matching.length;
  const next = new URL(`${context.origin()}${request.path}`);
  if (q !== undefined) next.searchParams.set('q', q);
  next.searchParams.set('limit', String(pageSize));
  next.searchParams.set('offset', String(start + pageSize));
  return {
    links: hasMore ? [{ rel: 'next', href: next.toString() }] : [],
    count: items.length,
    hasMore,
    offset: start,
    totalResults: matching.length,
    items: items as Schemas['CustomerPayment'][],
  };
}

function sinceOf(q: string): number {
  const time = PAYMENTS_SINCE.exec(q)?.[1] ?? '';
  const since = Date.parse(time);
  if (Number.isNaN(since)) {
    throw new FakeError(400, `Invalid search query: '${time}' is not an ISO 8601 timestamp.`);
  }
  return since;
}

function byChange(a: ErpRecord, b: ErpRecord): number {
  const byTime = Date.parse(a.lastModifiedDate) - Date.parse(b.lastModifiedDate);
  return byTime !== 0 ? byTime : Number(a.id) - Number(b.id);
}
