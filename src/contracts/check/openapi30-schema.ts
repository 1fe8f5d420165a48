import { isRecord } from '../pact/index.js';

/**
 * Rewrites the OpenAPI 3.0 schema dialect into JSON Schema draft-07 throughout a copy of the
 * document, so ajv can compile it: `nullable: true` admits `null`, and the draft-04 boolean
 * `exclusiveMinimum`/`exclusiveMaximum` become their numeric form (OpenAPI 3.0.3, 4.7.24).
 */
export function toJsonSchemaDialect(document: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(document);
  visit(copy);
  return copy;
}

function visit(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(visit);
  if (!isRecord(node)) return;
  for (const value of Object.values(node)) visit(value);
  rewriteExclusive(node, 'exclusiveMinimum', 'minimum');
  rewriteExclusive(node, 'exclusiveMaximum', 'maximum');
  if (typeof node.nullable === 'boolean') rewriteNullable(node);
}

function rewriteExclusive(schema: Record<string, unknown>, keyword: string, bound: string): void {
  if (typeof schema[keyword] !== 'boolean') return;
  if (schema[keyword] === true && typeof schema[bound] === 'number') {
    schema[keyword] = schema[bound];
    delete schema[bound];
  } else delete schema[keyword];
}

/** `type` gains `null`; a typeless nullable schema (a bare `$ref`, an `allOf`) admits `null` first. */
function rewriteNullable(schema: Record<string, unknown>): void {
  const nullable = schema.nullable === true;
  delete schema.nullable;
  if (!nullable) return;
  if (typeof schema.type === 'string') {
    schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
    return;
  }
  if (schema.type !== undefined) return;
  // `if`/`else` rather than `anyOf`, so a non-null value reports only its own failures.
  const rest = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  Object.assign(schema, { if: { type: 'null' }, then: true, else: rest });
}
