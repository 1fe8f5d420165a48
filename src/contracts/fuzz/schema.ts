/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it, with OpenAPI 3.0's `nullable`). */
export type Schema = { [keyword: string]: unknown };

/** A bundled OpenAPI document, read as plain JSON. */
export type ApiDocument = { [key: string]: unknown };

const MAX_REF_HOPS = 32;

/** Follows local `$ref`s (`#/components/...`) until a schema without one; throws on others. */
export function resolveSchema(document: ApiDocument, schema: unknown): Schema {
  let current = asSchema(schema);
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (hops > MAX_REF_HOPS)
      throw new Error(`expected a finite $ref chain, got a cycle at ${current.$ref}`);
    const { $ref, ...siblings } = current;
    const target = asSchema(resolvePointer(document, $ref));
    current = Object.keys(siblings).length === 0 ? target : { ...target, ...withoutDocs(siblings) };
  }
  return current;
}

/** The value a local JSON pointer (`#/a/b`) names in the document; throws when it names none. */
export function resolvePointer(document: ApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/'))
    throw new Error(`expected a local $ref starting with '#/', got '${ref}'`);
  const keys = ref.slice(2).split('/').map(unescapePointer);
  let node: unknown = document;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || !(key in node))
      throw new Error(`expected '${ref}' to name a value in the document, it does not`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The JSON types a schema admits, `null` included when it is nullable; empty means any. */
export function typesOf(schema: Schema): string[] {
  const declared = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : inferredTypes(schema);
  return schema.nullable === true && !declared.includes('null') ? [...declared, 'null'] : declared;
}

/** The properties of an object schema, by name. */
export function propertiesOf(schema: Schema): Record<string, unknown> {
  return (schema.properties as Record<string, unknown> | undefined) ?? {};
}

/** The names an object schema requires. */
export function requiredOf(schema: Schema): string[] {
  return (schema.required as string[] | undefined) ?? [];
}

/**
 * One schema with the `allOf` members of `schema` merged in: properties and required names are
 * united, any other keyword takes the last member's value. Enough for the object compositions
 * specs use; contradictory members are not detected.
 */
export function mergeAllOf(document: ApiDocument, schema: Schema): Schema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  const members = [...(allOf as unknown[]).map((member) => resolveSchema(document, member)), rest];
  return members.reduce<Schema>((merged, raw) => {
    const member = mergeAllOf(document, raw);
    return {
      ...merged,
      ...member,
      properties: { ...propertiesOf(merged), ...propertiesOf(member) },
      required: [...new Set([...requiredOf(merged), ...requiredOf(member)])],
    };
  }, {});
}

function inferredTypes(schema: Schema): string[] {
  if (schema.properties !== undefined || schema.additionalProperties !== undefined)
    return ['object'];
  if (schema.items !== undefined) return ['array'];
  return [];
}

function asSchema(value: unknown): Schema {
  if (value === true || value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`expected a schema object, got ${JSON.stringify(value)}`);
  return value as Schema;
}

function withoutDocs(siblings: Schema): Schema {
  return omitKeys(siblings, ['description', 'summary']);
}

/** A copy of `object` without the named keys. */
export function omitKeys<T extends Record<string, unknown>>(object: T, keys: readonly string[]): T {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key))) as T;
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}
