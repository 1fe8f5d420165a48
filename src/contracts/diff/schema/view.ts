import type { SchemaObject } from '../model.js';

/** A schema reduced to what the checks compare: its non-null types and whether null is valid. */
export interface SchemaView {
  schema: SchemaObject;
  /** The declared or implied types without 'null'; undefined when the schema does not say. */
  types: ReadonlySet<string> | undefined;
  /** OpenAPI 3.0 `nullable: true` and 3.1 `type: [..., 'null']` alike. */
  nullable: boolean;
}

/** The view of an already resolved and merged schema. */
export function viewOf(schema: SchemaObject): SchemaView {
  const declared = declaredTypes(schema.type);
  const nullable = schema.nullable === true || declared?.includes('null') === true;
  const types = declared?.filter((type) => type !== 'null') ?? impliedTypes(schema);
  return { schema, types: types === undefined ? undefined : new Set(types), nullable };
}

function declaredTypes(type: unknown): string[] | undefined {
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return undefined;
}

function impliedTypes(schema: SchemaObject): string[] | undefined {
  if (schema.properties !== undefined || schema.additionalProperties !== undefined) {
    return ['object'];
  }
  if (schema.items !== undefined || schema.prefixItems !== undefined) return ['array'];
  return undefined;
}

/** True when `types` admits `type` (a number admits an integer), or when it says nothing. */
export function admits(types: ReadonlySet<string> | undefined, type: string): boolean {
  if (types === undefined) return true;
  return types.has(type) || (type === 'integer' && types.has('number'));
}

/** True when a keyword for values of `type` matters on either side of the comparison. */
export function applies(base: SchemaView, revision: SchemaView, type: string): boolean {
  const on = (view: SchemaView): boolean =>
    view.types === undefined ||
    view.types.has(type) ||
    (type === 'number' && view.types.has('integer'));
  return on(base) || on(revision);
}
