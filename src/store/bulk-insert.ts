import { CompiledQuery } from 'kysely';

import type { Store } from './open-store.js';

/** A cell of a bulk insert: every column it writes is text, or null. */
export type BulkValue = string | null;

/** Where a bulk insert writes: one table, its columns in row order, an optional conflict target. */
export interface BulkTarget {
  readonly table: string;
  readonly columns: readonly string[];
  /** A unique column whose conflicts skip the row instead of failing the statement. */
  readonly skipConflictsOn?: string;
}

/**
 * Rows per SQLite statement. The compiled statement of each row count is reused, so this bounds
 * only the parameters of one statement, well under SQLite's limit of 32,766.
 */
const SQLITE_ROWS_PER_STATEMENT = 100;

// The SQL text of each target, by dialect and row count; targets are long-lived constants.
const statements = new WeakMap<BulkTarget, Map<string, string>>();

/**
 * Inserts `rows` (each a value per column of `target`, in order) into the transaction `tx` is
 * bound to, in their order, with SQL text that depends only on the target and the row count, so
 * the database can reuse its work. Builds no query objects: this is the path of bulk writes.
 */
export async function insertRows(
  tx: Store,
  target: BulkTarget,
  rows: readonly (readonly BulkValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (tx.dialect === 'postgres') {
    // One parameter whatever the row count: the rows as one JSON array of arrays.
    await tx.db.executeQuery(CompiledQuery.raw(postgresInsert(target), [JSON.stringify(rows)]));
    return;
  }
  for (let start = 0; start < rows.length; start += SQLITE_ROWS_PER_STATEMENT) {
    const end = Math.min(start + SQLITE_ROWS_PER_STATEMENT, rows.length);
    const text = sqliteInsert(target, end - start);
    await tx.db.executeQuery(CompiledQuery.raw(text, valuesOf(rows, start, end)));
  }
}

/** The values of `rows[start..end)`, one after another. */
function valuesOf(rows: readonly (readonly BulkValue[])[], start: number, end: number) {
  // A plain loop: Array.prototype.flat took about 0.5 µs a row here, over ten times as long.
  const values: BulkValue[] = [];
  for (let index = start; index < end; index += 1) {
    for (const value of rows[index] ?? []) values.push(value);
  }
  return values;
}

/** `insert ... select r->>0, ... from jsonb_array_elements($1)`, in the array's order. */
function postgresInsert(target: BulkTarget): string {
  return cachedText(target, 'postgres', () => {
    const cells = target.columns.map((_, index) => `row->>${index}`).join(', ');
    const rows = 'jsonb_array_elements($1::jsonb) with ordinality as rows(row, position)';
    return `${insertInto(target)} select ${cells} from ${rows} order by position${onConflict(target)}`;
  });
}

/** `insert ... values (?, ...), ...` for `count` rows. */
function sqliteInsert(target: BulkTarget, count: number): string {
  return cachedText(target, `sqlite:${count}`, () => {
    const row = `(${target.columns.map(() => '?').join(', ')})`;
    const values = Array.from({ length: count }, () => row).join(', ');
    return `${insertInto(target)} values ${values}${onConflict(target)}`;
  });
}

function cachedText(target: BulkTarget, key: string, build: () => string): string {
  let texts = statements.get(target);
  if (texts === undefined) statements.set(target, (texts = new Map<string, string>()));
  let text = texts.get(key);
  if (text === undefined) texts.set(key, (text = build()));
  return text;
}

function insertInto(target: BulkTarget): string {
  return `insert into ${quote(target.table)} (${target.columns.map(quote).join(', ')})`;
}

function onConflict(target: BulkTarget): string {
  const column = target.skipConflictsOn;
  return column === undefined ? '' : ` on conflict (${quote(column)}) do nothing`;
}

// Table and column names come from declarations in code, never from input; quoted all the same.
function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
