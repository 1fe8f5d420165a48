import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

import { BULK_ENTITIES } from '../../../jobs/entities.js';
import { requestStreamOf } from '../../../jobs/http-exchange.js';
import { createImportJob } from '../../../jobs/job-store.js';
import { storeUpload } from '../../../jobs/uploads.js';
import { toJobBody } from './jobs.js';
import { invalid } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

const MEDIA_TYPES = { csv: 'text/csv', ndjson: 'application/x-ndjson' } as const;

/** Characters csv-parse cannot split on: they quote or end records. */
const UNUSABLE_DELIMITERS = new Set(['"', '\r', '\n']);

/**
 * POST /imports: stores the upload as it streams in, queues the job and answers 202 with it;
 * the job runner imports it in the background.
 */
export const startImport: PlatformHandlers['startImport'] = async (
  { query, headers, body },
  context,
) => {
  const delimiter = query.delimiter ?? ',';
  if (UNUSABLE_DELIMITERS.has(delimiter)) {
    return invalid(
      context,
      `The delimiter ${JSON.stringify(delimiter)} cannot separate CSV fields; use another ` +
        'character, such as "," or ";".',
      [{ in: 'query', pointer: '/delimiter', message: 'cannot be a quote or line break' }],
    );
  }
  const declared = mediaTypeOf(headers['content-type']);
  if (declared !== undefined && declared !== MEDIA_TYPES[query.format]) {
    return invalid(
      context,
      `The format is ${query.format}, but the body is ${declared}; send it as ` +
        `${MEDIA_TYPES[query.format]} or name the format it is in.`,
      [{ in: 'query', pointer: '/format', message: `does not match the body's ${declared}` }],
    );
  }

  const id = `job_${randomBytes(16).toString('base64url')}`;
  const upload = requestStreamOf(headers) ?? Readable.from(typeof body === 'string' ? [body] : []);
  const uploadBytes = await storeUpload(context.store, id, upload);
  const entity = BULK_ENTITIES.get(query.entity);
  if (!entity)
    throw new Error(`the spec admits entity "${query.entity}", which jobs does not serve`);
  const job = await createImportJob(context.store, {
    id,
    entity: entity.collection,
    format: query.format,
    options: { delimiter },
    uploadBytes,
  });
  context.services?.jobs?.wake();
  return {
    status: 202,
    headers: { Location: `${context.baseUrl}/jobs/${id}` },
    body: toJobBody(job, context),
  };
};

function mediaTypeOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';', 1)[0]?.trim().toLowerCase() || undefined;
}
