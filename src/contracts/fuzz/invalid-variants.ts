import { FORMATS } from './formats.js';
import { patternGenerator } from './pattern.js';
import type { ApiDocument, Schema } from './schema.js';
import {
  mergeAllOf,
  omitKeys,
  propertiesOf,
  requiredOf,
  resolveSchema,
  typesOf,
} from './schema.js';

/** A value made invalid in exactly one place, and why it is. */
export interface InvalidVariant {
  /** JSON pointer to the broken value; empty for the root. */
  pointer: string;
  /** The rule it breaks, e.g. `longer than maxLength 255`. */
  defect: string;
  value: unknown;
}

/** Lengths beyond which a too-long string or array variant is not worth sending. */
const LONGEST_VARIANT = 5_000;

/**
 * Every single-defect variant of a valid `value`: a wrong type, a missing required property, an
 * unknown property where `additionalProperties` is false, a value past a length, size or numeric
 * bound, off `multipleOf`, outside `enum` or `const`, breaking the format or the pattern (only
 * for patterns the generator can satisfy). Inside `oneOf` and `anyOf` nothing is varied, since a
 * change may well match another branch. `readOnly` properties are never reported missing.
 */
export function invalidVariants(
  document: ApiDocument,
  schema: unknown,
  value: unknown,
): InvalidVariant[] {
  const variants: InvalidVariant[] = [];
  collect(document, schema, value, [], variants);
  return variants.map((variant) => ({
    ...variant,
    value: replaceAt(value, variant.pointer, variant.value),
  }));
}

function collect(
  document: ApiDocument,
  raw: unknown,
  value: unknown,
  path: string[],
  out: InvalidVariant[],
): void {
  const schema = mergeAllOf(document, resolveSchema(document, raw));
  if (schema.oneOf !== undefined || schema.anyOf !== undefined || schema.not !== undefined) return;
  const add = (defect: string, replacement: unknown) =>
    out.push(variantAt(path, defect, replacement));
  addTypeVariant(schema, add);
  if (Array.isArray(schema.enum)) addEnumVariant(schema.enum as unknown[], add);
  if ('const' in schema)
    add(`not the const ${JSON.stringify(schema.const)}`, schema.const === 'x' ? 'y' : 'x');
  if (typeof value === 'string') addStringVariants(schema, value, add);
  if (typeof value === 'number') addNumberVariants(schema, value, add);
  if (Array.isArray(value)) {
    addArrayVariants(schema, value, add);
    if (value.length > 0) collect(document, schema.items ?? {}, value[0], [...path, '0'], out);
  }
  if (isObject(value)) {
    addObjectVariants(document, schema, value, path, out, add);
    for (const [name, child] of Object.entries(value)) {
      const property = propertiesOf(schema)[name];
      if (property !== undefined) collect(document, property, child, [...path, name], out);
    }
  }
}

type Add = (defect: string, replacement: unknown) => void;

const TYPE_SAMPLES: [string, unknown][] = [
  ['string', 'text'],
  ['integer', 42],
  ['number', 1.5],
  ['boolean', true],
  ['object', { key: 'value' }],
  ['array', ['item']],
  ['null', null],
];

function addTypeVariant(schema: Schema, add: Add): void {
  const types = typesOf(schema);
  if (types.length === 0) return;
  const admits = (type: string) =>
    types.includes(type) || (type === 'integer' && types.includes('number'));
  const sample = TYPE_SAMPLES.find(([type]) => !admits(type));
  if (sample) add(`not of type ${types.join(' or ')}`, sample[1]);
}

function addEnumVariant(values: unknown[], add: Add): void {
  const numeric = values.every((value): value is number => typeof value === 'number');
  const outside = numeric ? Math.max(...values) + 1 : `${values.join('')}-other`;
  add('outside the enum', outside);
}

function addStringVariants(schema: Schema, value: string, add: Add): void {
  const min = schema.minLength as number | undefined;
  const max = schema.maxLength as number | undefined;
  if (min !== undefined && min > 0)
    add(`shorter than minLength ${min}`, [...value].slice(0, min - 1).join(''));
  if (max !== undefined && max < LONGEST_VARIANT)
    add(`longer than maxLength ${max}`, 'x'.repeat(max + 1));
  const format = FORMATS[schema.format as string];
  if (format) add(`not a ${String(schema.format)}`, format.invalid);
  if (typeof schema.pattern === 'string') addPatternVariant(schema.pattern, value, min, max, add);
}

function addPatternVariant(
  pattern: string,
  value: string,
  min: number | undefined,
  max: number | undefined,
  add: Add,
): void {
  if (!patternGenerator(pattern)) return;
  const regex = new RegExp(pattern, 'u');
  const fits = (text: string) => text.length >= (min ?? 0) && text.length <= (max ?? Infinity);
  const candidates = [
    `#${value.slice(1)}`,
    `${value.slice(0, -1)}#`,
    '#'.repeat(Math.max(min ?? 1, 1)),
    '#',
  ];
  const broken =
    candidates.find((text) => !regex.test(text) && fits(text)) ??
    candidates.find((text) => !regex.test(text));
  if (broken !== undefined) add(`not matching /${pattern}/`, broken);
}

function addNumberVariants(schema: Schema, value: number, add: Add): void {
  const integer = typesOf(schema).includes('integer') && !typesOf(schema).includes('number');
  const step = integer ? 1 : 0.5;
  if (typeof schema.minimum === 'number')
    add(`below minimum ${schema.minimum}`, schema.minimum - step);
  if (typeof schema.maximum === 'number')
    add(`above maximum ${schema.maximum}`, schema.maximum + step);
  if (typeof schema.exclusiveMinimum === 'number')
    add(`not above ${schema.exclusiveMinimum}`, schema.exclusiveMinimum);
  if (typeof schema.exclusiveMaximum === 'number')
    add(`not below ${schema.exclusiveMaximum}`, schema.exclusiveMaximum);
  const multiple = schema.multipleOf;
  if (typeof multiple === 'number') add(`not a multiple of ${multiple}`, value + multiple / 2);
}

function addArrayVariants(schema: Schema, value: unknown[], add: Add): void {
  const min = schema.minItems as number | undefined;
  const max = schema.maxItems as number | undefined;
  if (min !== undefined && min > 0) add(`fewer than minItems ${min}`, value.slice(0, min - 1));
  if (max !== undefined && max < LONGEST_VARIANT && value.length > 0)
    add(
      `more than maxItems ${max}`,
      Array.from({ length: max + 1 }, (_, i) => value[i % value.length]),
    );
  if (schema.uniqueItems === true && value.length > 0)
    add('items not unique', [...value, value[0]]);
}

function addObjectVariants(
  document: ApiDocument,
  schema: Schema,
  value: Record<string, unknown>,
  path: string[],
  out: InvalidVariant[],
  add: Add,
): void {
  for (const name of requiredOf(schema)) {
    const property = resolveSchema(document, propertiesOf(schema)[name]);
    if (name in value && property.readOnly !== true) out.push(withoutProperty(path, name, value));
  }
  if (schema.additionalProperties === false)
    add('with an unknown property', { ...value, unexpectedField: 'x' });
  const min = schema.minProperties as number | undefined;
  if (min !== undefined && min > 0) add(`fewer than minProperties ${min}`, {});
  const max = schema.maxProperties as number | undefined;
  if (max !== undefined && max < LONGEST_VARIANT)
    add(`more than maxProperties ${max}`, withEntries(value, max + 1));
}

function withEntries(value: Record<string, unknown>, count: number): Record<string, unknown> {
  const grown = { ...value };
  for (let i = 0; Object.keys(grown).length < count; i++) grown[`extra${i}`] = 'x';
  return grown;
}

function withoutProperty(
  path: string[],
  name: string,
  value: Record<string, unknown>,
): InvalidVariant {
  return variantAt(path, `without the required property '${name}'`, omitKeys(value, [name]));
}

function variantAt(path: string[], defect: string, replacement: unknown): InvalidVariant {
  return {
    pointer: path.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''),
    defect,
    value: replacement,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `root` with the value at `pointer` replaced; the root itself when the pointer is empty. */
export function replaceAt(root: unknown, pointer: string, replacement: unknown): unknown {
  if (pointer === '') return replacement;
  const copy = structuredClone(root);
  const keys = pointer
    .slice(1)
    .split('/')
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys.at(-1)!] = replacement;
  return copy;
}
