import type { Request } from 'express';

import type { components } from '../../../generated/crm-system-v1/types.js';
import { FakeError } from './fake-system.js';
import type { FakeContext, FakeDefinition } from './fake-system.js';

type Schemas = components['schemas'];

/** The objects the fake CRM serves. */
export type SObjectName = 'Account' | 'Contact' | 'Opportunity';

/** A stored sObject record, with its `attributes`, `Id` and system fields. */
export type SObjectRecord = {
  attributes: Schemas['Attributes'];
  Id: string;
  CreatedDate: string;
  LastModifiedDate: string;
} & Record<string, unknown>;

/** The fake CRM's records by object, each by record id, and the fields each object has. */
export type CrmState = Record<SObjectName, Map<string, SObjectRecord>> & {
  nextNumber: number;
  /** The fields a caller may set, by object: the properties of the spec's `<sObject>Fields`. */
  settable: Record<SObjectName, ReadonlySet<string>>;
};

const API = '/services/data/v62.0';
const KEY_PREFIXES: Record<SObjectName, string> = {
  Account: '001',
  Contact: '003',
  Opportunity: '006',
};
const REQUIRED: Record<SObjectName, readonly string[]> = {
  Account: ['Name'],
  Contact: ['LastName'],
  Opportunity: ['Name', 'StageName', 'CloseDate'],
};
const QUERY =
  /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(\w+)\s*=\s*'((?:[^'\\]|\\.)*)')?(?:\s+LIMIT\s+(\d+))?$/i;

/** The CRM system (crm-system-v1): sObject create, read, update, upsert by external id, SOQL. */
export const crmFake: FakeDefinition<CrmState> = {
  apiId: 'crm-system-v1',
  createState: () => ({
    Account: new Map(),
    Contact: new Map(),
    Opportunity: new Map(),
    nextNumber: 1,
    settable: { Account: new Set(), Contact: new Set(), Opportunity: new Set() },
  }),
  seed(state, document) {
    for (const sobject of Object.keys(KEY_PREFIXES) as SObjectName[]) {
      state.settable[sobject] = new Set(Object.keys(fieldsSchemaOf(document, sobject)));
    }
  },
  mount(router, state, context) {
    const objects = `${API}/sobjects/:sobject`;
    router.post(objects, (request, response) => {
      const sobject = sobjectOf(request);
      const record = createRecord(state, sobject, bodyOf(state, sobject, request), context);
      response.status(201).json({ id: record.Id, success: true, errors: [], created: true });
    });
    router.get(`${objects}/:id`, (request, response) => {
      response.json(findById(state, sobjectOf(request), String(request.params.id)));
    });
    router.patch(`${objects}/:id`, (request, response) => {
      const sobject = sobjectOf(request);
      const record = findById(state, sobject, String(request.params.id));
      saveRecord(state, { ...record, ...bodyOf(state, sobject, request) }, context);
      response.status(204).end();
    });
    router.get(`${objects}/:field/:value`, (request, response) => {
      const record = findByField(state, sobjectOf(request), request);
      if (record === undefined) throw new FakeError(404, 'The requested resource does not exist');
      response.json(record);
    });
    router.patch(`${objects}/:field/:value`, (request, response) => {
      const { record, created } = upsertRecord(state, request, context);
      response.status(created ? 201 : 200);
      response.json({ id: record.Id, success: true, errors: [], created });
    });
    router.get(`${API}/query`, (request, response) => {
      response.json(runQuery(state, (request.query as { q: string }).q));
    });
  },
  errorBody: (status, message) => [{ message, errorCode: errorCodeOf(status), fields: [] }],
};

function errorCodeOf(status: number): string {
  if (status === 404) return 'NOT_FOUND';
  if (status === 401) return 'INVALID_SESSION_ID';
  return status < 500 ? 'INVALID_FIELD' : 'UNKNOWN_EXCEPTION';
}

function sobjectOf(request: Request): SObjectName {
  return String(request.params.sobject) as SObjectName;
}

/** The properties of the spec's `<sObject>Fields` schema in the bundled document. */
function fieldsSchemaOf(document: Record<string, unknown>, sobject: SObjectName): object {
  const schemas = (document.components as { schemas?: Record<string, unknown> } | undefined)
    ?.schemas;
  const fields = schemas?.[`${sobject}Fields`] as { properties?: object } | undefined;
  if (fields?.properties === undefined) {
    throw new Error(`expected the CRM spec to declare ${sobject}Fields with properties`);
  }
  return fields.properties;
}

/** The request body, once every field in it is one the object has, as the CRM insists. */
function bodyOf(state: CrmState, sobject: SObjectName, request: Request): Record<string, unknown> {
  const body = request.body as Record<string, unknown>;
  const unknown = Object.keys(body).find((field) => !state.settable[sobject].has(field));
  if (unknown === undefined) return body;
  const known = [...state.settable[sobject]].join(', ');
  throw new FakeError(
    400,
    `No such column '${unknown}' on sobject of type ${sobject}; expected one of ${known}.`,
  );
}

function findById(state: CrmState, sobject: SObjectName, id: string): SObjectRecord {
  const record = state[sobject].get(id);
  if (record === undefined) throw new FakeError(404, 'The requested resource does not exist');
  return record;
}

function findByField(
  state: CrmState,
  sobject: SObjectName,
  request: Request,
): SObjectRecord | undefined {
  const field = String(request.params.field);
  const value = String(request.params.value);
  return [...state[sobject].values()].find((record) => record[field] === value);
}

function createRecord(
  state: CrmState,
  sobject: SObjectName,
  fields: unknown,
  context: FakeContext,
): SObjectRecord {
  const body = fields as Record<string, unknown>;
  const missing = REQUIRED[sobject].filter((field) => body[field] === undefined);
  if (missing.length > 0) {
    throw new FakeError(400, `Required fields are missing: [${missing.join(', ')}]`);
  }
  const id = `${KEY_PREFIXES[sobject]}5e00000${String(state.nextNumber++).padStart(5, '0')}AAA`;
  const now = timestampOf(context);
  const attributes = { type: sobject, url: `${API}/sobjects/${sobject}/${id}` };
  return saveRecord(
    state,
    { ...body, attributes, Id: id, CreatedDate: now, LastModifiedDate: now },
    context,
  );
}

function saveRecord(state: CrmState, record: SObjectRecord, context: FakeContext): SObjectRecord {
  const sobject = record.attributes.type as SObjectName;
  const saved = {
    ...record,
    ...derivedFields(sobject, record),
    LastModifiedDate: timestampOf(context),
  };
  state[sobject].set(saved.Id, saved);
  return saved;
}

function derivedFields(sobject: SObjectName, record: SObjectRecord): Record<string, unknown> {
  if (sobject !== 'Opportunity') return {};
  const stage = String(record.StageName);
  return { IsClosed: stage.startsWith('Closed'), IsWon: stage === 'Closed Won' };
}

function upsertRecord(
  state: CrmState,
  request: Request,
  context: FakeContext,
): { record: SObjectRecord; created: boolean } {
  const sobject = sobjectOf(request);
  const field = String(request.params.field);
  const body = bodyOf(state, sobject, request);
  if (body[field] !== undefined) {
    throw new FakeError(400, `The body repeats the external-id field ${field}; leave it out.`);
  }
  const existing = findByField(state, sobject, request);
  if (existing !== undefined) {
    return { record: saveRecord(state, { ...existing, ...body }, context), created: false };
  }
  const fields = { ...body, [field]: String(request.params.value) };
  return { record: createRecord(state, sobject, fields, context), created: true };
}

function runQuery(state: CrmState, soql: string): Schemas['QueryResult'] {
  const match = QUERY.exec(soql.trim());
  const sobject = match?.[2] as SObjectName | undefined;
  if (match === null || sobject === undefined || !Object.hasOwn(KEY_PREFIXES, sobject)) {
    throw new FakeError(400, `This tenant cannot run the query '${soql}'.`);
  }
  const [, select = '', , field, value, limit] = match;
  const fields = select.split(',').map((name) => name.trim());
  const found = [...state[sobject].values()]
    .filter((record) => field === undefined || record[field] === value?.replace(/\\(.)/g, '$1'))
    .slice(0, limit === undefined ? undefined : Number(limit));
  const records = found.map((record) => ({
    attributes: record.attributes,
    ...Object.fromEntries(fields.map((name) => [name, record[name] ?? null])),
  }));
  return { totalSize: records.length, done: true, records };
}

function timestampOf(context: FakeContext): string {
  return context.now().toISOString().replace('Z', '+0000');
}
