import { BULK_ENTITIES } from '../../../jobs/entities.js';
import { streamResponse } from '../../../jobs/http-exchange.js';
import {
  getJob as readJob,
  isFinished,
  listJobs as readJobs,
  requestCancel,
  type JobRecord,
} from '../../../jobs/job-store.js';
import { reportStream } from '../../../jobs/report.js';
import type { ApiContext } from '../../context.js';
import { conflict, DEFAULT_LIMIT, notFound, pageBody } from './responses.js';
import type { PlatformHandlers, Schemas } from './schemas.js';

/** A stored job as the platform API shows it. */
export function toJobBody(job: JobRecord, context: ApiContext): Schemas['Job'] {
  const finished = job.status === 'succeeded' || job.status === 'cancelled';
  return {
    id: job.id,
    kind: job.kind,
    // Only startImport creates jobs, from the enums of the spec.
    entity: job.entity as Schemas['BulkEntity'],
    format: job.format,
    ...(job.format === 'csv' ? { delimiter: job.options.delimiter } : {}),
    status: job.status,
    cancelRequested: job.cancelRequested,
    progress: job.progress,
    uploadBytes: job.uploadBytes,
    attempts: job.attempts,
    ...(finished ? { result: resultOf(job, context) } : {}),
    ...(job.error === null ? {} : { error: job.error }),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.startedAt === null ? {} : { startedAt: job.startedAt }),
    ...(job.finishedAt === null ? {} : { finishedAt: job.finishedAt }),
  };
}

function resultOf(job: JobRecord, context: ApiContext): Schemas['JobResult'] {
  return {
    rowsAccepted: job.progress.rowsAccepted,
    rowsRejected: job.progress.rowsRejected,
    reportUrl: `${context.baseUrl}/jobs/${job.id}/report`,
  };
}

/** GET /jobs */
export const listJobs: PlatformHandlers['listJobs'] = async ({ query }, context) => {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await readJobs(context.store, { limit, cursor: query.cursor, status: query.status });
  const items = page.items.map((job) => toJobBody(job, context));
  return { status: 200, body: pageBody(items, limit, page.nextCursor) };
};

/** GET /jobs/{jobId} */
export const getJob: PlatformHandlers['getJob'] = async ({ params }, context) => {
  const job = await readJob(context.store, params.jobId);
  if (!job) return jobNotFound(context, params.jobId);
  return { status: 200, body: toJobBody(job, context) };
};

/** POST /jobs/{jobId}/cancel: at once when queued, after the current batch when running. */
export const cancelJob: PlatformHandlers['cancelJob'] = async ({ params }, context) => {
  const current = await readJob(context.store, params.jobId);
  if (!current) return jobNotFound(context, params.jobId);
  if (isFinished(current.status)) {
    return conflict(
      context,
      `Job '${current.id}' is already ${current.status}; only a queued or running job can be cancelled.`,
    );
  }
  const job = (await requestCancel(context.store, current.id)) ?? current;
  return { status: 200, body: toJobBody(job, context) };
};

/** GET /jobs/{jobId}/report: the rejected rows, streamed. */
export const getJobReport: PlatformHandlers['getJobReport'] = async (
  { params, query, headers },
  context,
) => {
  const job = await readJob(context.store, params.jobId);
  if (!job || !BULK_ENTITIES.has(job.entity)) return jobNotFound(context, params.jobId);
  const format = query.format ?? 'csv';
  const stream = reportStream(context.store, job.id, format);
  if (!streamResponse(headers, stream))
    throw new Error('the jobs component does not serve this API');
  const disposition = {
    'Content-Disposition': `attachment; filename="${job.id}-report.${format}"`,
  };
  return format === 'csv'
    ? { status: 200, contentType: 'text/csv', headers: disposition, body: '' }
    : { status: 200, contentType: 'application/x-ndjson', headers: disposition, body: '' };
};

function jobNotFound(context: ApiContext, jobId: string) {
  return notFound(context, `No job has id '${jobId}'.`);
}
