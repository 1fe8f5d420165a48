import type { SchemaObject } from '../model.js';
import { isSchema } from './context.js';
import { refOf, resolveSchema } from './ref.js';
import type { Documents } from './same-schema.js';
import { viewOf } from './view.js';

/**
 * How alike two schemas are. `score` runs from 0 (nothing in common) to 1 (they agree on every
 * keyword either sets), so a modified schema scores highest against its original. `evidence` is
 * the weight of the keywords they agree on: a shared title counts 3, a shared type 2.
 */
export interface Likeness {
  score: number;
  evidence: number;
}

/** One keyword family's verdict: how much it weighs and how far the two sides agree on it. */
interface Agreement {
  weight: number;
  share: number;
}

/** Compares two nested schemas (raw, `$ref`s allowed), giving their score. */
type Nested = (base: unknown, revision: unknown) => number;

/** Judges one keyword family; undefined when neither side uses it. */
type Term = (base: SchemaObject, revision: SchemaObject, nested: Nested) => Agreement | undefined;

/** Nested schemas deeper than this count as alike when both are there. */
const MAX_DEPTH = 2;

const SCALAR_KEYWORDS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'readOnly',
  'writeOnly',
] as const;

/** Every validation keyword the score weighs, with the title that names a schema. */
const TERMS: readonly Term[] = [
  titleTerm,
  typeTerm,
  nullableTerm,
  valuesTerm('enum', 2),
  equalTerm('const', 2),
  equalTerm('format', 2),
  equalTerm('pattern', 2),
  ...SCALAR_KEYWORDS.map((keyword) => equalTerm(keyword, 1)),
  valuesTerm('required', 3),
  propertiesTerm,
  namesTerm('patternProperties', 1),
  nestedTerm('items', 2),
  nestedTerm('additionalProperties', 1),
  nestedTerm('not', 1),
  nestedTerm('contains', 1),
  nestedTerm('propertyNames', 1),
  membersTerm('prefixItems', 2),
  membersTerm('allOf', 2),
  membersTerm('anyOf', 2),
  membersTerm('oneOf', 2),
  discriminatorTerm,
];

/**
 * How alike two resolved schemas are in what they accept, looking into nested schemas
 * (properties, items, composition members) two levels down, each side's `$ref`s resolved in its
 * own document. Two schemas without a validation keyword both accept anything, so are alike.
 */
export function similarity(
  base: SchemaObject,
  revision: SchemaObject,
  documents: Documents,
): Likeness {
  return likeness(base, revision, documents, 0);
}

function likeness(
  base: SchemaObject,
  revision: SchemaObject,
  documents: Documents,
  depth: number,
): Likeness {
  const nested: Nested = (left, right) => nestedScore(left, right, documents, depth + 1);
  let weight = 0;
  let evidence = 0;
  for (const term of TERMS) {
    const agreement = term(base, revision, nested);
    if (agreement === undefined) continue;
    weight += agreement.weight;
    evidence += agreement.weight * agreement.share;
  }
  if (weight === 0) return { score: 1, evidence: 0 };
  return { score: evidence / weight, evidence };
}

function nestedScore(
  base: unknown,
  revision: unknown,
  documents: Documents,
  depth: number,
): number {
  const baseRef = refOf(base);
  if (baseRef !== undefined && baseRef === refOf(revision)) return 1;
  if (typeof base === 'boolean' || typeof revision === 'boolean') return base === revision ? 1 : 0;
  if (depth >= MAX_DEPTH) return 1;
  const left = resolveSchema(documents.baseDocument, base).schema;
  const right = resolveSchema(documents.revisionDocument, revision).schema;
  return likeness(left, right, documents, depth).score;
}

function titleTerm(base: SchemaObject, revision: SchemaObject): Agreement | undefined {
  if (typeof base.title !== 'string' || typeof revision.title !== 'string') return undefined;
  return { weight: 3, share: base.title === revision.title ? 1 : 0 };
}

function typeTerm(base: SchemaObject, revision: SchemaObject): Agreement | undefined {
  const before = viewOf(base).types;
  const after = viewOf(revision).types;
  if (before === undefined && after === undefined) return undefined;
  return { weight: 2, share: overlap([...(before ?? [])], [...(after ?? [])]) };
}

function nullableTerm(base: SchemaObject, revision: SchemaObject): Agreement | undefined {
  const before = viewOf(base).nullable;
  const after = viewOf(revision).nullable;
  if (!before && !after) return undefined;
  return { weight: 1, share: before === after ? 1 : 0 };
}

function equalTerm(keyword: string, weight: number): Term {
  return (base, revision) => {
    if (!(keyword in base) && !(keyword in revision)) return undefined;
    const same =
      keyword in base && keyword in revision && sameJson(base[keyword], revision[keyword]);
    return { weight, share: same ? 1 : 0 };
  };
}

/** Lists of values (enum, required), compared as sets. */
function valuesTerm(keyword: string, weight: number): Term {
  return (base, revision) => {
    const before = valuesOf(base[keyword]);
    const after = valuesOf(revision[keyword]);
    if (before.length === 0 && after.length === 0) return undefined;
    return { weight, share: overlap(before, after) };
  };
}

/** Maps of named schemas whose names alone are compared (patternProperties). */
function namesTerm(keyword: string, weight: number): Term {
  return (base, revision) => {
    const before = keysOf(base[keyword]);
    const after = keysOf(revision[keyword]);
    if (before.length === 0 && after.length === 0) return undefined;
    return { weight, share: overlap(before, after) };
  };
}

/** Property names, and how alike the schemas of the names both sides share are. */
function propertiesTerm(
  base: SchemaObject,
  revision: SchemaObject,
  nested: Nested,
): Agreement | undefined {
  const before = isSchema(base.properties) ? base.properties : {};
  const after = isSchema(revision.properties) ? revision.properties : {};
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  if (names.size === 0) return undefined;
  let shared = 0;
  for (const name of names) {
    if (name in before && name in after) shared += nested(before[name], after[name]);
  }
  return { weight: 3, share: shared / names.size };
}

/** One nested schema (items, not, ...): alike as far as the schemas are, absent on one side 0. */
function nestedTerm(keyword: string, weight: number): Term {
  return (base, revision, nested) => {
    const before = base[keyword];
    const after = revision[keyword];
    if (before === undefined && after === undefined) return undefined;
    if (before === undefined || after === undefined) return { weight, share: 0 };
    return { weight, share: nested(before, after) };
  };
}

/** A list of schemas (allOf, anyOf, oneOf, prefixItems): each member against its best match. */
function membersTerm(keyword: string, weight: number): Term {
  return (base, revision, nested) => {
    const before = Array.isArray(base[keyword]) ? (base[keyword] as unknown[]) : [];
    const after = Array.isArray(revision[keyword]) ? (revision[keyword] as unknown[]) : [];
    if (before.length === 0 && after.length === 0) return undefined;
    if (before.length === 0 || after.length === 0) return { weight, share: 0 };
    const scores = before.map((left) => after.map((right) => nested(left, right)));
    const bestOfBase = scores.reduce((sum, row) => sum + Math.max(...row), 0);
    const bestOfRevision = after.reduce<number>(
      (sum, _, column) => sum + Math.max(...scores.map((row) => row[column] ?? 0)),
      0,
    );
    return { weight, share: (bestOfBase + bestOfRevision) / (before.length + after.length) };
  };
}

function discriminatorTerm(base: SchemaObject, revision: SchemaObject): Agreement | undefined {
  const before = isSchema(base.discriminator) ? base.discriminator.propertyName : undefined;
  const after = isSchema(revision.discriminator) ? revision.discriminator.propertyName : undefined;
  if (before === undefined && after === undefined) return undefined;
  return { weight: 2, share: before === after ? 1 : 0 };
}

function keysOf(value: unknown): string[] {
  return isSchema(value) ? Object.keys(value) : [];
}

function valuesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map((item) => JSON.stringify(item)) : [];
}

function sameJson(first: unknown, second: unknown): boolean {
  return first === second || JSON.stringify(first) === JSON.stringify(second);
}

/** Jaccard overlap of two lists: the share of their union they have in common. */
function overlap(first: readonly string[], second: readonly string[]): number {
  if (first.length === 0 || second.length === 0) return 0;
  const left = new Set(first);
  const right = new Set(second);
  let shared = 0;
  for (const item of left) if (right.has(item)) shared++;
  return shared / (left.size + right.size - shared);
}
