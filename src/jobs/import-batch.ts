import type { Kysely } from 'kysely';

import { buildCanonicalEvent } from '../apis/canonical/events/canonical-event.js';
import type { ApiContext } from '../apis/context.js';
import { appendEntriesToOutbox, toOutboxEntry, type OutboxEntry } from '../events/outbox.js';
import { insertRows, type BulkTarget, type BulkValue } from '../store/bulk-insert.js';
import type { Store, StoredRecord } from '../store/index.js';
import { toRow } from '../store/record-row.js';
import type { BulkEntity } from './entities.js';
import { jobsDb, recordBatch, type JobProgress } from './job-store.js';
import type { RowValidator } from './row-validator.js';
import { importedRecordId } from './row-ids.js';
import type { SourceRow } from './source-row.js';

/** The source every imported record's event names. */
export const IMPORT_EVENT_SOURCE = '/junction/jobs/import';

/** What one batch is written for. */
export interface BatchTarget {
  jobId: string;
  holder: string;
  leaseMs: number;
  entity: BulkEntity;
  validate: RowValidator;
}

/** A row ready to store: the record, its row's values and its event, serialised. */
interface ReadyRecord {
  record: StoredRecord;
  values: BulkValue[];
  event: OutboxEntry;
}

type Prepared = { line: number; ready: ReadyRecord } | { line: number; reason: string };

/** A batch validated and built: everything the write needs that takes no database. */
export interface PreparedBatch {
  readonly rows: readonly Prepared[];
  /** Bytes of the upload read up to the end of the batch's last row, if it has one. */
  readonly bytesRead: number | undefined;
}

/**
 * Validates `rows` and builds their records, row values and events. Needs no database, so the
 * next batch can be prepared while the previous one is written.
 */
export function prepareBatch(target: BatchTarget, rows: readonly SourceRow[]): PreparedBatch {
  const now = new Date().toISOString();
  return { rows: rows.map((row) => prepare(target, row, now)), bytesRead: rows.at(-1)?.bytesRead };
}

/**
 * Writes one prepared batch in one transaction: the accepted records, their events through the
 * outbox, the rejected rows for the report, and the job's progress and checkpoint. Returns
 * whether the job was asked to stop meanwhile, and the progress after the batch.
 */
export async function writeBatch(
  store: Store,
  target: BatchTarget,
  batch: PreparedBatch,
  before: JobProgress,
  checkpointRow: number,
): Promise<{ cancelRequested: boolean; progress: JobProgress }> {
  return store.transaction(async (tx) => {
    const checked = await rejectTakenKeys(tx, target.entity, batch.rows);
    const accepted = checked.filter((row) => 'ready' in row).map((row) => row.ready);
    const rejected = checked.filter((row) => 'reason' in row);
    const records = accepted.map((ready) => ready.values);
    const events = accepted.map((ready) => ready.event);
    await insertRows(tx, recordTarget(target.entity), records);
    await appendEntriesToOutbox(tx, events);
    await insertRejections(tx, target.jobId, rejected);
    const progress: JobProgress = {
      rowsRead: before.rowsRead + batch.rows.length,
      rowsAccepted: before.rowsAccepted + accepted.length,
      rowsRejected: before.rowsRejected + rejected.length,
      bytesRead: batch.bytesRead ?? before.bytesRead,
    };
    const lease = { id: target.jobId, holder: target.holder, leaseMs: target.leaseMs };
    const { cancelRequested } = await recordBatch(tx, lease, progress, checkpointRow);
    return { cancelRequested, progress };
  });
}

function prepare(target: BatchTarget, row: SourceRow, now: string): Prepared {
  if ('reason' in row) return { line: row.line, reason: row.reason };
  const reason = target.validate(row.record);
  if (reason !== undefined) return { line: row.line, reason };

  const { entity } = target;
  const body = entity.toStored ? entity.toStored(row.record) : row.record;
  // complete() ignores its context; the canonical handlers pass theirs only by signature.
  const fields = entity.resource.complete(body, {} as ApiContext) as Record<string, unknown>;
  const id = importedRecordId(target.jobId, row.line);
  const completed = { ...fields, id, createdAt: now, updatedAt: now };
  const record = (entity.resource.derive?.(completed) ?? completed) as StoredRecord;
  return { line: row.line, ready: readyRecord(target, record) };
}

function readyRecord(target: BatchTarget, record: StoredRecord): ReadyRecord {
  const change = {
    event: target.entity.event,
    source: IMPORT_EVENT_SOURCE,
    correlationId: target.jobId,
  };
  const row = toRow(target.entity.declaration, record);
  const values = recordTarget(target.entity).columns.map((column) => row[column] ?? null);
  return { record, values, event: toOutboxEntry(buildCanonicalEvent(record, change)) };
}

/** Rows whose business key is taken, by a stored record or an earlier row, are rejected. */
async function rejectTakenKeys(
  tx: Store,
  entity: BulkEntity,
  rows: readonly Prepared[],
): Promise<Prepared[]> {
  const field = entity.declaration.key;
  if (field === null) return [...rows];
  const keyOf = (row: Prepared) => {
    const key = 'ready' in row ? row.ready.record[field] : undefined;
    return typeof key === 'string' ? key : undefined;
  };
  const keys = rows.map(keyOf).filter((key): key is string => key !== undefined);
  if (keys.length === 0) return [...rows];

  const db = tx.db as Kysely<Record<string, { business_key: string | null }>>;
  const stored = await db
    .selectFrom(entity.resource.table)
    .select('business_key')
    .where('business_key', 'in', keys)
    .execute();
  const taken = new Set(stored.map((row) => row.business_key));
  return rows.map((row) => {
    const key = keyOf(row);
    if (key === undefined) return row;
    if (!taken.has(key)) {
      taken.add(key);
      return row;
    }
    const reason = `${field} "${key}" is already used by another ${entity.resource.noun}`;
    return { line: row.line, reason };
  });
}

const recordTargets = new WeakMap<BulkEntity, BulkTarget>();

/** The record table of `entity`, its columns in the order of a ready record's values. */
function recordTarget(entity: BulkEntity): BulkTarget {
  let known = recordTargets.get(entity);
  if (known !== undefined) return known;
  const filters = entity.declaration.filters.map((filter) => filter.column);
  const columns = ['id', 'business_key', 'created_at', 'updated_at', 'body', ...filters];
  known = { table: entity.resource.table, columns };
  recordTargets.set(entity, known);
  return known;
}

async function insertRejections(
  tx: Store,
  jobId: string,
  rows: readonly { line: number; reason: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => ({ job_id: jobId, line: row.line, reason: row.reason }));
  await jobsDb(tx).insertInto('job_rejections').values(values).execute();
}
