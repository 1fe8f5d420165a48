import { BULK_ENTITIES } from '../../../jobs/entities.js';
import { exportStream } from '../../../jobs/export-stream.js';
import { streamResponse } from '../../../jobs/http-exchange.js';
import { invalid } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** GET /exports/{entity}: every matching record, streamed as NDJSON or CSV. */
export const exportRecords: PlatformHandlers['exportRecords'] = (
  { params, query, headers },
  context,
) => {
  const entity = BULK_ENTITIES.get(params.entity);
  if (!entity)
    throw new Error(`the spec admits entity "${params.entity}", which jobs does not serve`);
  const { format = 'ndjson', updatedSince, ...rest } = query;
  const filters = Object.fromEntries(
    Object.entries(rest).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const foreign = Object.keys(filters).filter((name) => !entity.filters.includes(name));
  if (foreign.length > 0) {
    return invalid(
      context,
      `${params.entity} cannot be filtered by ${foreign.join(', ')}; its filters are ` +
        `${entity.filters.join(', ')} and updatedSince.`,
      foreign.map((name) => ({
        in: 'query',
        pointer: `/${name}`,
        message: 'is not a filter of this entity',
      })),
    );
  }

  const stream = exportStream(context.store, entity, { filters, updatedSince }, format);
  if (!streamResponse(headers, stream))
    throw new Error('the jobs component does not serve this API');
  const disposition = {
    'Content-Disposition': `attachment; filename="${params.entity}.${format}"`,
  };
  return format === 'csv'
    ? { status: 200, contentType: 'text/csv', headers: disposition, body: '' }
    : { status: 200, contentType: 'application/x-ndjson', headers: disposition, body: '' };
};
