import { Readable } from 'node:stream';

import { stringify } from 'csv-stringify/sync';

import type { Store } from '../store/index.js';
import type { BulkEntity } from './entities.js';
import { canonicalDocument } from './row-validator.js';

/** The export formats. */
export type ExportFormat = 'ndjson' | 'csv';

/** Which records an export holds: the entity's list filters and `updatedSince`. */
export interface ExportQuery {
  filters: Record<string, string>;
  updatedSince?: string | undefined;
}

const PAGE = 500;

/** Every matching record in the canonical v1 form, newest first, read one page at a time. */
export async function* readExport(
  store: Store,
  entity: BulkEntity,
  query: ExportQuery,
): AsyncGenerator<Record<string, unknown>> {
  const repository = store.records(entity.resource.table);
  let cursor: string | undefined;
  do {
    const page = await repository.list({
      limit: PAGE,
      cursor,
      updatedSince: query.updatedSince,
      filters: query.filters,
    });
    for (const record of page.items) yield entity.present(record);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

/**
 * An export as a byte stream. NDJSON is one record per line. CSV has a header of the entity's
 * fields as the canonical v1 schema lists them; an object or array field is written as JSON.
 */
export function exportStream(
  store: Store,
  entity: BulkEntity,
  query: ExportQuery,
  format: ExportFormat,
): Readable {
  const columns = format === 'csv' ? fieldsOf(entity) : [];
  async function* lines() {
    if (format === 'csv') yield stringify([columns]);
    for await (const record of readExport(store, entity, query)) {
      yield format === 'csv'
        ? stringify([columns.map((column) => cellOf(record[column]))])
        : `${JSON.stringify(record)}\n`;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

/** The top-level fields of the entity's canonical v1 schema: `Organization` for organizations. */
export function fieldsOf(entity: BulkEntity): string[] {
  const name = entity.createSchema.replace(/Create$/, '');
  const schema = canonicalDocument().components.schemas[name] as
    { properties?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.properties ?? {});
}

function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  // Numbers and booleans read back as the same text; objects and arrays as their JSON.
  return JSON.stringify(value);
}
