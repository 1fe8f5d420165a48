import type { SchemaObject } from '../model.js';
import { show, type Segment, type Walk } from './context.js';
import type { SchemaView } from './view.js';

/** A bound on values: its limit, and whether the limit itself is excluded. */
interface Bound {
  value: number;
  exclusive: boolean;
}

interface BoundKeyword {
  keyword: string;
  /** The change-id stem: `max`, `min-length`, ... */
  change: string;
  upper: boolean;
  /** The least value that constrains nothing (a minLength of 0). */
  trivial?: number;
}

const BOUNDS: readonly BoundKeyword[] = [
  { keyword: 'maximum', change: 'max', upper: true },
  { keyword: 'minimum', change: 'min', upper: false },
  { keyword: 'maxLength', change: 'max-length', upper: true },
  { keyword: 'minLength', change: 'min-length', upper: false, trivial: 0 },
  { keyword: 'maxItems', change: 'max-items', upper: true },
  { keyword: 'minItems', change: 'min-items', upper: false, trivial: 0 },
  { keyword: 'maxProperties', change: 'max-properties', upper: true },
  { keyword: 'minProperties', change: 'min-properties', upper: false, trivial: 0 },
];

/**
 * Reports bounds (minimum, maximum, lengths, item and property counts) set, removed, raised
 * or lowered. Bounds count whatever type the schema declares: one placed on the wrong type
 * (maxItems on the items of an array) is a slip whose intent still changed.
 */
export function compareBounds(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
): void {
  for (const bound of BOUNDS) {
    compareBound(bound, boundOf(base.schema, bound), boundOf(revision.schema, bound), path, walk);
  }
  compareMultipleOf(base, revision, path, walk);
  compareUniqueItems(base, revision, path, walk);
}

function compareBound(
  bound: BoundKeyword,
  before: Bound | undefined,
  after: Bound | undefined,
  path: Segment[],
  walk: Walk,
): void {
  const text = `${bound.keyword} ${boundText(before)} became ${boundText(after)}`;
  if (before === undefined && after === undefined) return;
  if (before === undefined) return walk.report(`${bound.change}-set`, `The ${text}.`, path);
  if (after === undefined) return walk.report(`${bound.change}-removed`, `The ${text}.`, path);
  const tighter = bound.upper
    ? tighterUpper(before, after)
    : tighterUpper(negate(before), negate(after));
  const looser = bound.upper
    ? tighterUpper(after, before)
    : tighterUpper(negate(after), negate(before));
  const stem = bound.change;
  if (tighter)
    walk.report(`${stem}-${bound.upper ? 'decreased' : 'increased'}`, `The ${text}.`, path);
  if (looser)
    walk.report(`${stem}-${bound.upper ? 'increased' : 'decreased'}`, `The ${text}.`, path);
}

/** True when upper bound `after` admits less than upper bound `before`. */
function tighterUpper(before: Bound, after: Bound): boolean {
  return (
    after.value < before.value ||
    (after.value === before.value && after.exclusive && !before.exclusive)
  );
}

function negate(bound: Bound): Bound {
  return { value: -bound.value, exclusive: bound.exclusive };
}

/** Reads a bound; `exclusiveMaximum` is a flag in OpenAPI 3.0 and a number in 3.1. */
function boundOf(schema: SchemaObject, bound: BoundKeyword): Bound | undefined {
  const value = schema[bound.keyword];
  const inclusive = typeof value === 'number' ? value : undefined;
  const exclusiveKey = bound.keyword === 'maximum' ? 'exclusiveMaximum' : 'exclusiveMinimum';
  const exclusive =
    bound.change === 'max' || bound.change === 'min' ? schema[exclusiveKey] : undefined;
  if (typeof exclusive === 'number') {
    const beats =
      inclusive === undefined || (bound.upper ? exclusive <= inclusive : exclusive >= inclusive);
    if (beats) return { value: exclusive, exclusive: true };
  }
  if (inclusive === undefined || inclusive === bound.trivial) return undefined;
  return { value: inclusive, exclusive: exclusive === true };
}

function boundText(bound: Bound | undefined): string {
  if (bound === undefined) return 'none';
  return bound.exclusive ? `${bound.value} (exclusive)` : String(bound.value);
}

function compareMultipleOf(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
): void {
  const before = base.schema.multipleOf;
  const after = revision.schema.multipleOf;
  if (before === after) return;
  const message = `The multipleOf changed from ${show(before)} to ${show(after)}.`;
  if (typeof before !== 'number') return walk.report('multiple-of-set', message, path);
  if (typeof after !== 'number') return walk.report('multiple-of-removed', message, path);
  walk.report('multiple-of-changed', message, path);
}

function compareUniqueItems(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
): void {
  const before = base.schema.uniqueItems === true;
  const after = revision.schema.uniqueItems === true;
  if (before === after) return;
  if (after) walk.report('unique-items-set', 'The items must now be unique.', path);
  else walk.report('unique-items-removed', 'The items need no longer be unique.', path);
}
