import type { Kysely } from 'kysely';

import { buildCanonicalEvent } from '../apis/canonical/events/canonical-event.js';
import type { ApiContext } from '../apis/context.js';
import { appendToOutbox } from '../events/outbox.js';
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

/**
 * Rows per INSERT statement. SQLite prepares every statement anew and a statement with thousands
 * of parameters costs more to prepare than to run, so a batch is written in slices.
 */
const ROWS_PER_STATEMENT = 100;

type Prepared = { line: number; record: StoredRecord } | { line: number; reason: string };

/**
 * Validates and writes one batch of rows in one transaction: the accepted records, their events
 * through the outbox, the rejected rows for the report, and the job's progress and checkpoint.
 * Returns whether the job was asked to stop meanwhile, and the progress after the batch.
 */
export async function writeBatch(
  store: Store,
  target: BatchTarget,
  rows: readonly SourceRow[],
  before: JobProgress,
  checkpointRow: number,
): Promise<{ cancelRequested: boolean; progress: JobProgress }> {
  const now = new Date().toISOString();
  const prepared = rows.map((row) => prepare(target, row, now));
  return store.transaction(async (tx) => {
    const checked = await rejectTakenKeys(tx, target.entity, prepared);
    const accepted = checked.filter((row) => 'record' in row).map((row) => row.record);
    const rejected = checked.filter((row) => 'reason' in row);
    await insertRecords(tx, target, accepted);
    await insertRejections(tx, target.jobId, rejected);
    const last = rows.at(-1);
    const progress: JobProgress = {
      rowsRead: before.rowsRead + rows.length,
      rowsAccepted: before.rowsAccepted + accepted.length,
      rowsRejected: before.rowsRejected + rejected.length,
      bytesRead: last?.bytesRead ?? before.bytesRead,
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
  return { line: row.line, record };
}

/** Rows whose business key is taken, by a stored record or an earlier row, are rejected. */
async function rejectTakenKeys(
  tx: Store,
  entity: BulkEntity,
  rows: readonly Prepared[],
): Promise<Prepared[]> {
  const field = entity.declaration.key;
  if (field === null) return [...rows];
  const keyOf = (row: Prepared) =>
    'record' in row && typeof row.record[field] === 'string' ? row.record[field] : undefined;
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

async function insertRecords(
  tx: Store,
  target: BatchTarget,
  records: readonly StoredRecord[],
): Promise<void> {
  if (records.length === 0) return;
  const { table } = target.entity.resource;
  const change = {
    event: target.entity.event,
    source: IMPORT_EVENT_SOURCE,
    correlationId: target.jobId,
  };
  for (let start = 0; start < records.length; start += ROWS_PER_STATEMENT) {
    const chunk = records.slice(start, start + ROWS_PER_STATEMENT);
    const rows = chunk.map((record) => toRow(target.entity.declaration, record));
    await tx.db.insertInto(table).values(rows).execute();
    await appendToOutbox(
      tx,
      chunk.map((record) => buildCanonicalEvent(record, change)),
    );
  }
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
