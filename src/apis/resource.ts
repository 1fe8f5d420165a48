import { randomUUID } from 'node:crypto';

import type { CloudEvent } from '../events/envelope.js';
import { appendToOutbox } from '../events/outbox.js';
import { toProblem } from '../runtime/errors.js';
import type { Problem } from '../runtime/errors.js';
import type { RecordRepository, RecordTableName, Store, StoredRecord } from '../store/index.js';
import type { ApiContext } from './context.js';

/** One written record: what it is now, what it was before (absent on create), and in which flow. */
export interface RecordChange {
  record: StoredRecord;
  before?: StoredRecord;
  correlationId: string;
}

/** The events a written record publishes; stored in the outbox in the write's transaction. */
export type RecordEvents = (change: RecordChange) => readonly CloudEvent[];

/** How one REST resource maps onto a record table. */
export interface ResourceSpec<Full, Create> {
  table: RecordTableName;
  /** Human name for messages: `organization`, `billing account`. */
  noun: string;
  /** The path segment under the API's base path: `organizations`. */
  collection: string;
  /** The field that identifies a record in URLs; `id` unless the API uses a business key. */
  idField: string;
  /** Completes a validated create body into the full record, minus id and timestamps. */
  complete(
    body: Create,
    context: ApiContext,
  ): Promise<Omit<Full, 'createdAt' | 'updatedAt'>> | Omit<Full, 'createdAt' | 'updatedAt'>;
  /** Recomputes derived fields after a change, for example `isWon` from `stageName`. */
  derive?(record: Full): Full;
  /** The events each create and update publishes; none when absent. */
  events?: RecordEvents;
}

/** The paging query every list operation takes, plus its own filters. */
export interface ListParams {
  limit?: number;
  cursor?: string;
  updatedSince?: string;
  [filter: string]: string | number | undefined;
}

type NotFound = { status: 404; body: Problem };

/** Lists one page of a resource, applying every filter in the query. */
export async function listResource<Full>(
  spec: ResourceSpec<Full, unknown>,
  query: ListParams,
  context: ApiContext,
) {
  const { limit = 50, cursor, updatedSince, ...rest } = query;
  const filters = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [
      key,
      value === undefined ? undefined : String(value),
    ]),
  );
  const page = await repository(spec, context).list({ limit, cursor, updatedSince, filters });
  return {
    status: 200 as const,
    body: {
      data: page.items.map((item) => present<Full>(spec, item)),
      page: { limit, nextCursor: page.nextCursor },
    },
  };
}

/** Reads one record by its URL identifier, or a 404 problem. */
export async function getResource<Full>(
  spec: ResourceSpec<Full, unknown>,
  key: string,
  context: ApiContext,
) {
  const record = await repository(spec, context).get(key);
  if (!record) return notFound(spec, key, context);
  return { status: 200 as const, body: present<Full>(spec, record) };
}

/** Creates a record from a validated body; answers 201 with its `Location`. */
export async function createResource<Full, Create>(
  spec: ResourceSpec<Full, Create>,
  body: Create,
  context: ApiContext,
) {
  const now = new Date().toISOString();
  const fields = (await spec.complete(body, context)) as Record<string, unknown>;
  const completed = { ...fields, createdAt: now, updatedAt: now } as Full;
  const record = withId(
    spec,
    (spec.derive ? spec.derive(completed) : completed) as Record<string, unknown>,
  );
  await context.store.transaction(async (tx) => {
    await tx.records(spec.table).insert(record);
    await appendEvents(tx, spec, { record, correlationId: context.correlationId });
  });
  const key = String(record.id);
  return {
    status: 201 as const,
    headers: { Location: `${context.baseUrl}/${spec.collection}/${encodeURIComponent(key)}` },
    body: present<Full>(spec, record),
  };
}

/**
 * Applies a JSON merge patch (RFC 7396) to a record; 404 when it does not exist. The read, the
 * write and the events share one transaction.
 */
export async function updateResource<Full>(
  spec: ResourceSpec<Full, unknown>,
  key: string,
  patch: object,
  context: ApiContext,
) {
  const record = await context.store.transaction(async (tx) => {
    const repo = tx.records(spec.table);
    const current = await repo.get(key);
    if (!current) return undefined;
    const changed = patchRecord(spec, current, patch);
    if (!(await repo.replace(changed))) return undefined;
    const change = { record: changed, before: current, correlationId: context.correlationId };
    await appendEvents(tx, spec, change);
    return changed;
  });
  if (!record) return notFound(spec, key, context);
  return { status: 200 as const, body: present<Full>(spec, record) };
}

function patchRecord(
  spec: ResourceSpec<unknown, unknown>,
  current: StoredRecord,
  patch: object,
): StoredRecord {
  const merged = mergePatch(current, patch) as Record<string, unknown>;
  const changed = { ...merged, updatedAt: new Date().toISOString() };
  return withId(spec, spec.derive ? (spec.derive(changed) as Record<string, unknown>) : changed);
}

async function appendEvents(
  tx: Store,
  spec: ResourceSpec<unknown, unknown>,
  change: RecordChange,
): Promise<void> {
  if (spec.events === undefined) return;
  await appendToOutbox(tx, spec.events(change));
}

/** RFC 7396: objects merge key by key, `null` removes a key, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** A fresh platform id. */
export function newId(): string {
  return randomUUID();
}

function repository(spec: ResourceSpec<unknown, unknown>, context: ApiContext): RecordRepository {
  return context.store.records(spec.table);
}

function withId(
  spec: ResourceSpec<unknown, unknown>,
  record: Record<string, unknown>,
): StoredRecord {
  const id = spec.idField === 'id' ? record.id : record[spec.idField];
  return { ...record, id: String(id) } as StoredRecord;
}

/** The record as the API returns it: the storage id is dropped where the API keys by another field. */
function present<Full>(spec: ResourceSpec<unknown, unknown>, record: StoredRecord): Full {
  if (spec.idField === 'id') return record as unknown as Full;
  const rest: Record<string, unknown> = { ...record };
  delete rest.id;
  return rest as unknown as Full;
}

function notFound(
  spec: ResourceSpec<unknown, unknown>,
  key: string,
  context: ApiContext,
): NotFound {
  const detail = `No ${spec.noun} has ${spec.idField} '${key}'.`;
  return {
    status: 404,
    body: toProblem('not-found', detail, { correlationId: context.correlationId }),
  };
}
