import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

import { decodeCursor, encodeCursor } from './cursor.js';
import type { FilterComparison, RecordTableDeclaration, RecordTableName } from './record-tables.js';
import { parseBody } from './record-row.js';
import type { ListQuery, Page } from './records.js';
import type { StoreDatabase } from './schema.js';

type Condition = RawBuilder<SqlBool>;

const comparisons: Record<FilterComparison, (column: string, value: string) => Condition> = {
  eq: (column, value) => sql<SqlBool>`${sql.ref(column)} = ${value}`,
  before: (column, value) => sql<SqlBool>`${sql.ref(column)} < ${value}`,
  // SQLite's LIKE has no default escape character, so name one for both dialects.
  contains: (column, value) =>
    sql<SqlBool>`${sql.ref(column)} like ${`%|${escapeLike(value)}|%`} escape '\\'`,
};

/** Lists one page of a table newest first, using keyset paging on (created_at, id). */
export async function listRecords(
  db: Kysely<StoreDatabase>,
  table: RecordTableName,
  declaration: RecordTableDeclaration,
  query: ListQuery,
): Promise<Page> {
  if (!Number.isInteger(query.limit) || query.limit < 1) {
    throw new Error(`expected a positive integer limit, got ${query.limit}`);
  }
  let select = db.selectFrom(table).select(['body', 'created_at', 'id']);
  for (const condition of buildConditions(table, declaration, query)) {
    select = select.where(condition);
  }
  const rows = await select
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const hasMore = rows.length > query.limit && last !== undefined;
  return {
    items: page.map((row) => parseBody(row.body)),
    nextCursor: hasMore ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}

function buildConditions(
  table: RecordTableName,
  declaration: RecordTableDeclaration,
  query: ListQuery,
): Condition[] {
  const conditions: Condition[] = [];
  for (const [param, value] of Object.entries(query.filters)) {
    const filter = declaration.filters.find((candidate) => candidate.param === param);
    if (filter === undefined) throw unknownFilter(table, declaration, param);
    if (value !== undefined) conditions.push(comparisons[filter.comparison](filter.column, value));
  }
  if (query.updatedSince !== undefined) {
    conditions.push(sql<SqlBool>`${sql.ref('updated_at')} >= ${query.updatedSince}`);
  }
  if (query.cursor !== undefined) {
    const { createdAt, id } = decodeCursor(query.cursor);
    conditions.push(
      sql<SqlBool>`(${sql.ref('created_at')}, ${sql.ref('id')}) < (${createdAt}, ${id})`,
    );
  }
  return conditions;
}

function unknownFilter(table: string, declaration: RecordTableDeclaration, param: string): Error {
  const known = declaration.filters.map((filter) => filter.param).join(', ');
  return new Error(`unknown filter "${param}" for ${table}; expected one of: ${known}`);
}

/** Escapes LIKE wildcards and the escape character itself so the value matches literally. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}
