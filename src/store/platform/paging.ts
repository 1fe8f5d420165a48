import { sql, type RawBuilder, type SqlBool } from 'kysely';

import { decodeCursor, encodeCursor } from '../cursor.js';

/** Which page to read: at most `limit` rows after the position `cursor` encodes. */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** One page, newest first; `nextCursor` is null on the last page. */
export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

/** Reads up to `take` rows newest first (created_at, id descending), after `after` when given. */
export type PageReader<Row> = (
  after: RawBuilder<SqlBool> | undefined,
  take: number,
) => Promise<Row[]>;

/**
 * Reads one keyset page over (created_at, id) as the record tables do, so cursors look and
 * behave alike across the APIs; a cursor this store did not issue throws InvalidCursorError.
 */
export async function readPage<Row extends { created_at: string; id: string }, T>(
  request: PageRequest,
  read: PageReader<Row>,
  toItem: (row: Row) => T,
): Promise<PageOf<T>> {
  if (!Number.isInteger(request.limit) || request.limit < 1) {
    throw new Error(`expected a positive integer limit, got ${request.limit}`);
  }
  const after = request.cursor === undefined ? undefined : afterCursor(request.cursor);
  const rows = await read(after, request.limit + 1);
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  const hasMore = rows.length > request.limit && last !== undefined;
  return {
    items: page.map(toItem),
    nextCursor: hasMore ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

function afterCursor(cursor: string): RawBuilder<SqlBool> {
  const { createdAt, id } = decodeCursor(cursor);
  return sql<SqlBool>`(${sql.ref('created_at')}, ${sql.ref('id')}) < (${createdAt}, ${id})`;
}
