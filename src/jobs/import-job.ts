import type { Readable } from 'node:stream';

import type { Store } from '../store/index.js';
import { readCsvRows } from './csv-rows.js';
import { BULK_ENTITIES } from './entities.js';
import { prepareBatch, writeBatch, type BatchTarget, type PreparedBatch } from './import-batch.js';
import type { JobProgress, JobRecord } from './job-store.js';
import { readNdjsonRows } from './ndjson-rows.js';
import { canonicalDocument, rowValidator } from './row-validator.js';
import type { SourceRow } from './source-row.js';
import { openUpload } from './uploads.js';

/** How an import runs. */
export interface ImportRun {
  store: Store;
  /** Who holds the job's lease; every batch checks it still does. */
  holder: string;
  /** How long each committed batch extends the lease. */
  leaseMs: number;
  /** Rows per transaction. */
  batchSize: number;
  maxRowBytes: number;
  /** Aborted when this process should stop working on the job (shutdown, lease lost). */
  signal?: AbortSignal;
}

/** How an import run ended: done, cancelled by request, or stopped for another process. */
export type ImportOutcome = 'succeeded' | 'cancelled' | 'stopped';

/**
 * Imports a job's stored upload from its checkpoint on: rows the checkpoint covers are read
 * and skipped, every later batch commits together with the next checkpoint, so a run cut off
 * anywhere resumes with no row written twice and none left out.
 */
export async function runImport(job: JobRecord, run: ImportRun): Promise<ImportOutcome> {
  const entity = BULK_ENTITIES.get(job.entity);
  if (!entity) throw new Error(`job ${job.id} imports unknown entity "${job.entity}"`);
  const target: BatchTarget = {
    jobId: job.id,
    holder: run.holder,
    leaseMs: run.leaseMs,
    entity,
    validate: rowValidator(entity.createSchema, job.format === 'csv'),
  };
  const input = openUpload(run.store, job.id);
  try {
    return await importRows(readRows(job, input, entity.createSchema, run), job, target, run);
  } finally {
    input.destroy();
  }
}

/**
 * Rows read between two turns of the event loop on PostgreSQL. Buffered rows are read without
 * giving the event loop a turn, and the batch being written sends its next statement only in
 * one: without these, the database would wait until the next batch had been read.
 */
const ROWS_PER_YIELD = 50;

/**
 * Reads the rows after the job's checkpoint into batches and writes them in order. While one
 * batch is written, the next is read and prepared: on PostgreSQL the database and this process
 * then work at the same time instead of taking turns.
 */
async function importRows(
  rows: AsyncIterable<SourceRow>,
  job: JobRecord,
  target: BatchTarget,
  run: ImportRun,
): Promise<ImportOutcome> {
  const writer = batchWriter(run, target, job.progress);
  const yields = run.store.dialect === 'postgres';
  try {
    let index = 0;
    let batch: SourceRow[] = [];
    for await (const row of rows) {
      index += 1;
      if (index <= job.checkpointRow) continue;
      batch.push(row);
      if (yields && batch.length % ROWS_PER_YIELD === 0) await nextTurn();
      if (batch.length < run.batchSize) continue;
      const prepared = prepareBatch(target, batch);
      batch = [];
      if (run.signal?.aborted) break;
      if (await writer.start(prepared, index)) return 'cancelled';
    }
    const last = batch.length > 0 && !run.signal?.aborted;
    if (last && (await writer.start(prepareBatch(target, batch), index))) return 'cancelled';
    if (await writer.finish()) return 'cancelled';
    return run.signal?.aborted ? 'stopped' : 'succeeded';
  } finally {
    // However the import ends, no write may outlive it; its failure, if any, is thrown above.
    await writer.finish().catch(() => undefined);
  }
}

/** Writes prepared batches one at a time, each once the one before it has committed. */
function batchWriter(run: ImportRun, target: BatchTarget, progress: JobProgress) {
  let writing: Promise<boolean> = Promise.resolve(false);
  const write = async (batch: PreparedBatch, checkpointRow: number) => {
    const written = await writeBatch(run.store, target, batch, progress, checkpointRow);
    progress = written.progress;
    // SQLite answers synchronously, so without a pause the whole import would run as one chain
    // of promises and keep the process from serving requests until it ended.
    await nextTurn();
    return written.cancelRequested;
  };
  return {
    /** Starts writing `batch` once the batch before it committed; true, unwritten, on cancel. */
    async start(batch: PreparedBatch, checkpointRow: number): Promise<boolean> {
      if (await writing) return true;
      writing = write(batch, checkpointRow);
      // Awaited by the next start or by finish; a failure meanwhile is not unhandled.
      writing.catch(() => undefined);
      return false;
    },
    /** Resolves when the last batch started has committed: true if cancel was requested. */
    finish: () => writing,
  };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function readRows(
  job: JobRecord,
  input: Readable,
  schema: string,
  run: ImportRun,
): AsyncIterable<SourceRow> {
  if (job.format === 'ndjson') return readNdjsonRows(input, { maxRowBytes: run.maxRowBytes });
  return readCsvRows(input, {
    delimiter: job.options.delimiter,
    document: canonicalDocument(),
    schema,
    maxRowBytes: run.maxRowBytes,
  });
}
