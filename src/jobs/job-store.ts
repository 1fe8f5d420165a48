import { sql, type ExpressionBuilder, type Kysely } from 'kysely';

import type { Store } from '../store/index.js';
import { readPage, type PageOf, type PageRequest } from '../store/platform/paging.js';

/** Where a job is in its life: `queued` and `running` are live, the rest final. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The upload formats an import reads. */
export type ImportFormat = 'csv' | 'ndjson';

/** How an import reads its upload. */
export interface ImportOptions {
  /** The CSV field delimiter, one character; `,` unless the caller names another. */
  delimiter: string;
}

/** How far a job got: rows read from the upload, stored, rejected, and upload bytes read. */
export interface JobProgress {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  bytesRead: number;
}

/** One asynchronous job as the store holds it. */
export interface JobRecord {
  id: string;
  kind: 'import';
  entity: string;
  format: ImportFormat;
  options: ImportOptions;
  status: JobStatus;
  cancelRequested: boolean;
  progress: JobProgress;
  uploadBytes: number;
  /** Data rows (accepted or rejected) of the upload whose outcome is committed. */
  checkpointRow: number;
  attempts: number;
  error: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface JobRow {
  id: string;
  kind: string;
  entity: string;
  format: string;
  options: string;
  status: string;
  cancel_requested: number;
  // bigint columns: PostgreSQL returns int8 as a string, SQLite as a number.
  rows_read: number | string;
  rows_accepted: number | string;
  rows_rejected: number | string;
  bytes_read: number | string;
  upload_bytes: number | string;
  checkpoint_row: number | string;
  attempts: number;
  holder: string | null;
  lease_expires_at: number | string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

interface RejectionRow {
  job_id: string;
  line: number | string;
  reason: string;
}

interface UploadRow {
  job_id: string;
  seq: number;
  /** One chunk of the upload, base64: the same text column on SQLite and PostgreSQL. */
  data: string;
}

/** The tables of migration 0007_jobs. */
export interface JobsDatabase {
  jobs: JobRow;
  job_uploads: UploadRow;
  job_rejections: RejectionRow;
}

/** The store's database narrowed to the job tables. */
export function jobsDb(store: Store): Kysely<JobsDatabase> {
  return store.db as Kysely<JobsDatabase>;
}

/** What a new import job is made of. */
export interface NewImportJob {
  id: string;
  entity: string;
  format: ImportFormat;
  options: ImportOptions;
  uploadBytes: number;
}

/** Stores a queued import job whose upload is already stored, and returns it. */
export async function createImportJob(store: Store, job: NewImportJob): Promise<JobRecord> {
  const now = new Date().toISOString();
  const row: JobRow = {
    id: job.id,
    kind: 'import',
    entity: job.entity,
    format: job.format,
    options: JSON.stringify(job.options),
    status: 'queued',
    cancel_requested: 0,
    rows_read: 0,
    rows_accepted: 0,
    rows_rejected: 0,
    bytes_read: 0,
    upload_bytes: job.uploadBytes,
    checkpoint_row: 0,
    attempts: 0,
    holder: null,
    lease_expires_at: null,
    error: null,
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
  };
  await jobsDb(store).insertInto('jobs').values(row).execute();
  return toJob(row);
}

/** The job with this id, or undefined. */
export async function getJob(store: Store, id: string): Promise<JobRecord | undefined> {
  const row = await jobsDb(store)
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toJob(row);
}

/** One page of jobs, newest first, optionally only those in `status`. */
export function listJobs(
  store: Store,
  request: PageRequest & { status?: JobStatus | undefined },
): Promise<PageOf<JobRecord>> {
  return readPage(
    request,
    (after, take) => {
      let select = jobsDb(store).selectFrom('jobs').selectAll();
      if (after) select = select.where(after);
      if (request.status) select = select.where('status', '=', request.status);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    toJob,
  );
}

/**
 * Takes the oldest job that is queued, or running under a lease that expired (its process
 * died), for `holder` until `leaseMs` from now. A conditional update decides, so of several
 * processes racing for one job exactly one gets it.
 */
export async function claimJob(
  store: Store,
  holder: string,
  leaseMs: number,
  now: number = Date.now(),
): Promise<JobRecord | undefined> {
  const db = jobsDb(store);
  const candidates = await db
    .selectFrom('jobs')
    .select('id')
    .where((eb) => claimable(eb, now))
    .orderBy('created_at')
    .orderBy('id')
    .limit(5)
    .execute();
  const startedAt = new Date(now).toISOString();
  for (const { id } of candidates) {
    const row = await db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        holder,
        lease_expires_at: now + leaseMs,
        attempts: eb('attempts', '+', 1),
        started_at: eb.fn.coalesce('started_at', sql.lit(startedAt)),
        updated_at: startedAt,
      }))
      .where('id', '=', id)
      .where((eb) => claimable(eb, now))
      .returningAll()
      .executeTakeFirst();
    if (row !== undefined) return toJob(row);
  }
  return undefined;
}

function claimable(eb: ExpressionBuilder<JobsDatabase, 'jobs'>, now: number) {
  return eb.or([
    eb('status', '=', 'queued'),
    eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)]),
  ]);
}

/** Extends `holder`'s lease on a running job; false when it no longer holds it. */
export async function renewJobLease(
  store: Store,
  id: string,
  holder: string,
  leaseMs: number,
): Promise<boolean> {
  const result = await jobsDb(store)
    .updateTable('jobs')
    .set({ lease_expires_at: Date.now() + leaseMs })
    .where('id', '=', id)
    .where('holder', '=', holder)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Thrown inside a batch's transaction when the job's lease passed to another process. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`the lease on job ${jobId} passed to another process; this one stops working on it`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Records a committed batch: the progress so far and the checkpoint, in the caller's
 * transaction, and renews the lease. Throws LeaseLostError, rolling the batch back, when `holder` lost the job.
 * Returns whether a cancel was requested meanwhile.
 */
export async function recordBatch(
  tx: Store,
  lease: { id: string; holder: string; leaseMs: number },
  progress: JobProgress,
  checkpointRow: number,
): Promise<{ cancelRequested: boolean }> {
  const { id, holder } = lease;
  const row = await jobsDb(tx)
    .updateTable('jobs')
    .set({
      lease_expires_at: Date.now() + lease.leaseMs,
      rows_read: progress.rowsRead,
      rows_accepted: progress.rowsAccepted,
      rows_rejected: progress.rowsRejected,
      bytes_read: progress.bytesRead,
      checkpoint_row: checkpointRow,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .where('holder', '=', holder)
    .where('status', '=', 'running')
    .returning('cancel_requested')
    .executeTakeFirst();
  if (row === undefined) throw new LeaseLostError(id);
  return { cancelRequested: Number(row.cancel_requested) === 1 };
}

/** Ends a running job `holder` holds with a final status; false when it no longer holds it. */
export async function finishJob(
  store: Store,
  id: string,
  holder: string,
  status: 'succeeded' | 'failed' | 'cancelled',
  error: string | null = null,
): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await jobsDb(store)
    .updateTable('jobs')
    .set({ status, error, finished_at: now, updated_at: now, holder: null, lease_expires_at: null })
    .where('id', '=', id)
    .where('holder', '=', holder)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Asks a job to stop: a queued job is cancelled at once, a running one after its current batch.
 * Returns the job as it is afterwards, or undefined when there is none.
 */
export async function requestCancel(store: Store, id: string): Promise<JobRecord | undefined> {
  const now = new Date().toISOString();
  await jobsDb(store)
    .updateTable('jobs')
    .set({ status: 'cancelled', cancel_requested: 1, finished_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .execute();
  await jobsDb(store)
    .updateTable('jobs')
    .set({ cancel_requested: 1, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
  return getJob(store, id);
}

/** Lets another process take a running job at once, when `holder` stops working on it. */
export async function releaseJob(store: Store, id: string, holder: string): Promise<void> {
  await jobsDb(store)
    .updateTable('jobs')
    .set({ lease_expires_at: 0 })
    .where('id', '=', id)
    .where('holder', '=', holder)
    .where('status', '=', 'running')
    .execute();
}

/** Whether a status is final. */
export function isFinished(status: JobStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

function toJob(row: JobRow): JobRecord {
  // Only createImportJob writes these columns, from the types above.
  return {
    id: row.id,
    kind: 'import',
    entity: row.entity,
    format: row.format as ImportFormat,
    options: JSON.parse(row.options) as ImportOptions,
    status: row.status as JobStatus,
    cancelRequested: Number(row.cancel_requested) === 1,
    progress: {
      rowsRead: Number(row.rows_read),
      rowsAccepted: Number(row.rows_accepted),
      rowsRejected: Number(row.rows_rejected),
      bytesRead: Number(row.bytes_read),
    },
    uploadBytes: Number(row.upload_bytes),
    checkpointRow: Number(row.checkpoint_row),
    attempts: Number(row.attempts),
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
