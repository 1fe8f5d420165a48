import type { Readable } from 'node:stream';

import type { Store } from '../store/index.js';
import { readCsvRows } from './csv-rows.js';
import { BULK_ENTITIES } from './entities.js';
import { prepareBatch, writeBatch, type BatchTarget } from './import-batch.js';
import type { JobRecord } from './job-store.js';
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

async function importRows(
  rows: AsyncIterable<SourceRow>,
  job: JobRecord,
  target: BatchTarget,
  run: ImportRun,
): Promise<ImportOutcome> {
  let progress = job.progress;
  let index = 0;
  let batch: SourceRow[] = [];
  const flush = async () => {
    const prepared = prepareBatch(target, batch);
    const written = await writeBatch(run.store, target, prepared, progress, index);
    progress = written.progress;
    batch = [];
    // SQLite answers synchronously, so without a pause the whole import would run as one chain
    // of promises and keep the process from serving requests until it ended.
    await new Promise((resolve) => setImmediate(resolve));
    return written.cancelRequested;
  };
  for await (const row of rows) {
    index += 1;
    if (index <= job.checkpointRow) continue;
    batch.push(row);
    if (batch.length < run.batchSize) continue;
    if (run.signal?.aborted) return 'stopped';
    if (await flush()) return 'cancelled';
  }
  if (run.signal?.aborted) return 'stopped';
  if (batch.length > 0 && (await flush())) return 'cancelled';
  return 'succeeded';
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
