import type { CanonicalDocument } from './row-validator.js';

/** One CSV column: the field path its header names, and whether its cells hold JSON. */
export interface CsvColumn {
  header: string;
  /** `addresses.0.city` -> `['addresses', 0, 'city']`. */
  path: readonly (string | number)[];
  /** True when the schema types the field as an object or array: its cells are JSON text. */
  json: boolean;
}

type Schema = Record<string, unknown>;

/**
 * Maps a header row onto the fields of a create schema. A header is a dotted path into the
 * record (`addresses.0.city`; a numeric segment indexes an array). A column whose field is an
 * object or array takes JSON in its cells (`externalRefs` = `[{"system":"crm","id":"1"}]`).
 * Headers that name no field are kept: rows that fill them are rejected by validation.
 */
export function mapColumns(
  headers: readonly string[],
  document: CanonicalDocument,
  schema: string,
): CsvColumn[] {
  const root = document.components.schemas[schema] as Schema;
  return headers.map((header) => {
    const path = header
      .split('.')
      .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    const field = schemaAt(document, root, path);
    return { header, path, json: field !== undefined && isStructured(field) };
  });
}

/**
 * Builds the record of one data row: empty cells are left out, JSON columns are parsed.
 * Returns the reason instead when a cell cannot be read or the row has more cells than headers.
 */
export function buildRecord(
  columns: readonly CsvColumn[],
  cells: readonly string[],
): Record<string, unknown> | string {
  if (cells.length > columns.length) {
    return `the row has ${cells.length} fields, the header names ${columns.length} columns`;
  }
  const record: Record<string, unknown> = {};
  for (const [index, cell] of cells.entries()) {
    if (cell === '') continue;
    // Columns and cells line up: index < cells.length <= columns.length.
    const column = columns[index] as CsvColumn;
    const value = column.json ? parseJsonCell(column, cell) : cell;
    if (value instanceof Error) return value.message;
    setPath(record, column.path, value);
  }
  return compactArrays(record) as Record<string, unknown>;
}

function parseJsonCell(column: CsvColumn, cell: string): unknown {
  try {
    return JSON.parse(cell) as unknown;
  } catch {
    return new Error(`column "${column.header}" expects JSON, got "${truncate(cell)}"`);
  }
}

function setPath(
  target: Record<string, unknown>,
  path: readonly (string | number)[],
  value: unknown,
) {
  let node: Record<string | number, unknown> = target;
  for (const [index, segment] of path.entries()) {
    if (index === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = path[index + 1];
    const child = node[segment];
    if (typeof child !== 'object' || child === null) {
      node[segment] = typeof next === 'number' ? [] : {};
    }
    node = node[segment] as Record<string | number, unknown>;
  }
}

/** `addresses.1.city` without `addresses.0.*` leaves a hole; arrays close up their holes. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactArrays);
  if (typeof value !== 'object' || value === null) return value;
  for (const [key, child] of Object.entries(value)) {
    (value as Record<string, unknown>)[key] = compactArrays(child);
  }
  return value;
}

function schemaAt(
  document: CanonicalDocument,
  schema: Schema | undefined,
  path: readonly (string | number)[],
): Schema | undefined {
  let node = resolve(document, schema);
  for (const segment of path) {
    if (node === undefined) return undefined;
    const next =
      typeof segment === 'number'
        ? (node.items as Schema | undefined)
        : (node.properties as Record<string, Schema> | undefined)?.[segment];
    node = resolve(document, next);
  }
  return node;
}

function resolve(document: CanonicalDocument, schema: Schema | undefined): Schema | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  return resolve(document, document.components.schemas[name] as Schema | undefined);
}

function isStructured(schema: Schema): boolean {
  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
  if (types.includes('object') || types.includes('array')) return true;
  return (
    schema.type === undefined && (schema.properties !== undefined || schema.items !== undefined)
  );
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
