import type { RecordTableDeclaration } from './record-tables.js';
import type { StoredRecord } from './records.js';
import type { RecordRow } from './schema.js';

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Parses a stored body back into the record that was written. */
export function parseBody(body: string): StoredRecord {
  // The body column only ever holds JSON.stringify of a StoredRecord (see toRow).
  return JSON.parse(body) as StoredRecord;
}

/** Maps a record to its row: fixed columns, JSON body and one derived column per filter. */
export function toRow(declaration: RecordTableDeclaration, record: StoredRecord): RecordRow {
  assertTimestamp('createdAt', record.createdAt);
  assertTimestamp('updatedAt', record.updatedAt);
  const key = declaration.key === null ? undefined : record[declaration.key];
  const row: RecordRow = {
    id: record.id,
    business_key: typeof key === 'string' ? key : null,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    body: JSON.stringify(record),
  };
  for (const filter of declaration.filters) row[filter.column] = filter.extract(record);
  return row;
}

// Text order equals time order only for this one fixed format, so keyset paging depends on it.
function assertTimestamp(field: string, value: string): void {
  if (isoTimestamp.test(value)) return;
  throw new Error(
    `expected ${field} as ISO-8601 UTC with milliseconds, got "${value}"; ` +
      'use new Date().toISOString()',
  );
}
