import { FORMATS } from './formats.js';
import { patternGenerator } from './pattern.js';
import type { Random } from './random.js';
import type { ApiDocument, Schema } from './schema.js';
import {
  mergeAllOf,
  omitKeys,
  propertiesOf,
  requiredOf,
  resolveSchema,
  typesOf,
} from './schema.js';

/** Where a generated value goes: requests omit `readOnly` properties, responses `writeOnly` ones. */
export type Direction = 'request' | 'response';

/** What value generation reads besides the schema. */
export interface GenerationContext {
  document: ApiDocument;
  random: Random;
  direction: Direction;
}

/** Depth below which optional properties are still filled in. */
const OPTIONAL_DEPTH = 4;
const CHARACTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,'];
// Beyond ASCII: two- and three-byte UTF-8, and a character outside the BMP (two UTF-16 units).
const RARE_CHARACTERS = [...'éßøñüç日本€😀'];
/** Strings up to this length are sometimes generated at their maxLength. */
const LONGEST_STRING = 1_000;

/**
 * A value valid against `schema`: local `$ref`s, `allOf`, `oneOf`, `anyOf`, `enum`, `const`,
 * the known formats, patterns, length, size and numeric bounds, `multipleOf`, `nullable` and
 * type arrays are honoured. Scalar examples of the spec are used now and then, and always where a
 * pattern is beyond the generator. A `oneOf` branch is taken as is: branches that overlap can
 * make the value match more than one.
 */
export function generateValid(schema: unknown, context: GenerationContext, depth = 0): unknown {
  const resolved = mergeAllOf(context.document, resolveSchema(context.document, schema));
  if ('const' in resolved) return resolved.const;
  if (Array.isArray(resolved.enum)) return context.random.pick(resolved.enum as unknown[]);
  const branches = (resolved.oneOf ?? resolved.anyOf) as unknown[] | undefined;
  if (Array.isArray(branches))
    return generateValid(branchOf(resolved, branches, context), context, depth);
  const types = typesOf(resolved);
  if (types.includes('null') && (types.length === 1 || context.random.chance(0.15))) return null;
  const type =
    types.length === 0 ? 'string' : context.random.pick(types.filter((t) => t !== 'null'));
  return GENERATORS[type]?.(resolved, context, depth) ?? null;
}

type Generator = (schema: Schema, context: GenerationContext, depth: number) => unknown;

const GENERATORS: Record<string, Generator> = {
  string: (schema, context) => generateString(schema, context.random),
  integer: (schema, context) => generateNumber(schema, context.random, true),
  number: (schema, context) => generateNumber(schema, context.random, false),
  boolean: (schema, context) => exampleOf(schema, context.random) ?? context.random.chance(0.5),
  array: generateArray,
  object: generateObject,
};

function branchOf(schema: Schema, branches: unknown[], context: GenerationContext): Schema {
  const siblings = omitKeys(schema, ['oneOf', 'anyOf']);
  const branch = resolveSchema(context.document, context.random.pick(branches));
  return mergeAllOf(context.document, { allOf: [siblings, branch] });
}

/** A scalar example of the schema, a fifth of the time. */
function exampleOf(schema: Schema, random: Random): unknown {
  const example = scalarExample(schema);
  return example !== undefined && random.chance(0.2) ? example : undefined;
}

/** The schema's first scalar example (`example`, then `examples`), if it has one. */
export function scalarExample(schema: Schema): unknown {
  const candidates = [schema.example, ...((schema.examples as unknown[] | undefined) ?? [])];
  return candidates.find(
    (value) => value !== undefined && (value === null || typeof value !== 'object'),
  );
}

function generateString(schema: Schema, random: Random): string {
  const example = exampleOf(schema, random);
  if (typeof example === 'string') return example;
  const min = (schema.minLength as number | undefined) ?? 0;
  const max = (schema.maxLength as number | undefined) ?? Infinity;
  const format = FORMATS[schema.format as string];
  if (format) return format.generate(random);
  if (typeof schema.pattern === 'string')
    return patterned(schema, schema.pattern, random, min, max);
  // A tenth of strings are as long as the schema allows: limits derived from it must admit them.
  const longest = max <= LONGEST_STRING && random.chance(0.1);
  const length = longest ? max : random.int(min, Math.min(max, min + 16));
  const alphabet = random.chance(0.2) ? [...CHARACTERS, ...RARE_CHARACTERS] : CHARACTERS;
  return Array.from({ length }, () => random.pick(alphabet)).join('');
}

function patterned(
  schema: Schema,
  pattern: string,
  random: Random,
  min: number,
  max: number,
): string {
  const generate = patternGenerator(pattern);
  for (let attempt = 0; generate && attempt < 8; attempt++) {
    const value = generate(random);
    const length = [...value].length;
    if (length >= min && length <= max) return value;
  }
  const example = scalarExample(schema);
  if (typeof example === 'string') return example;
  throw new Error(
    `expected a pattern the generator can satisfy or an example, got /${pattern}/ and none`,
  );
}

function generateNumber(schema: Schema, random: Random, integer: boolean): number {
  const example = exampleOf(schema, random);
  if (typeof example === 'number') return example;
  const { low, high } = boundsOf(schema, integer);
  const step = schema.multipleOf as number | undefined;
  if (step !== undefined) {
    const k = random.int(Math.ceil(low / step), Math.floor(high / step));
    return Number((k * step).toPrecision(12));
  }
  if (random.chance(0.15))
    return integer ? random.pick([Math.ceil(low), Math.floor(high)]) : random.pick([low, high]);
  if (integer) return random.int(Math.ceil(low), Math.floor(high));
  const value = low + random.next() * (high - low);
  return Math.min(high, Math.max(low, Math.round(value * 100) / 100));
}

/** The inclusive range a number may take; unbounded sides stay within a thousand of the other. */
export function boundsOf(schema: Schema, integer: boolean): { low: number; high: number } {
  const nudge = integer ? 1 : 0.01;
  const exclusiveLow = schema.exclusiveMinimum;
  const exclusiveHigh = schema.exclusiveMaximum;
  let low = (schema.minimum as number | undefined) ?? -Infinity;
  let high = (schema.maximum as number | undefined) ?? Infinity;
  if (typeof exclusiveLow === 'number') low = Math.max(low, exclusiveLow + nudge);
  else if (exclusiveLow === true) low += nudge;
  if (typeof exclusiveHigh === 'number') high = Math.min(high, exclusiveHigh - nudge);
  else if (exclusiveHigh === true) high -= nudge;
  if (low === -Infinity) low = high === Infinity ? -1000 : high - 1000;
  if (high === Infinity) high = low + 1000;
  return { low, high };
}

function generateArray(schema: Schema, context: GenerationContext, depth: number): unknown[] {
  const min = (schema.minItems as number | undefined) ?? 0;
  const max = Math.min((schema.maxItems as number | undefined) ?? Infinity, min + 3);
  const length = context.random.int(min, depth >= OPTIONAL_DEPTH ? min : max);
  const items: unknown[] = [];
  const seen = new Set<string>();
  for (let attempt = 0; items.length < length && attempt < length * 8; attempt++) {
    const item = generateValid(schema.items ?? {}, context, depth + 1);
    const key = JSON.stringify(item);
    if (schema.uniqueItems === true && seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}

function generateObject(
  schema: Schema,
  context: GenerationContext,
  depth: number,
): Record<string, unknown> {
  const { random } = context;
  const required = new Set(requiredOf(schema));
  const names = Object.keys(propertiesOf(schema)).filter((name) => included(schema, name, context));
  const chosen = names.filter(
    (name) => required.has(name) || (depth < OPTIONAL_DEPTH && random.chance(0.5)),
  );
  const minimum = (schema.minProperties as number | undefined) ?? 0;
  for (const name of names)
    if (chosen.length < minimum && !chosen.includes(name)) chosen.push(name);
  const maximum = (schema.maxProperties as number | undefined) ?? Infinity;
  const kept = chosen.filter((name, index) => required.has(name) || index < maximum);
  const value: Record<string, unknown> = {};
  for (const name of kept)
    value[name] = generateValid(propertiesOf(schema)[name], context, depth + 1);
  return addExtraEntries(schema, value, context, depth);
}

/** Entries an open map (`additionalProperties` a schema or true, no named properties) holds. */
function addExtraEntries(
  schema: Schema,
  value: Record<string, unknown>,
  context: GenerationContext,
  depth: number,
): Record<string, unknown> {
  const extra = schema.additionalProperties;
  if (extra === undefined || extra === false || Object.keys(propertiesOf(schema)).length > 0)
    return value;
  const room =
    ((schema.maxProperties as number | undefined) ?? Infinity) - Object.keys(value).length;
  const count = Math.min(room, context.random.int(0, 2));
  const entrySchema = extra === true ? { type: ['string', 'integer', 'boolean'] } : extra;
  for (let i = 0; i < count; i++)
    value[`key${context.random.int(0, 9999)}`] = generateValid(entrySchema, context, depth + 1);
  return value;
}

function included(schema: Schema, name: string, context: GenerationContext): boolean {
  const property = resolveSchema(context.document, propertiesOf(schema)[name]);
  if (context.direction === 'request') return property.readOnly !== true;
  return property.writeOnly !== true;
}
