import { compareAllOfMembers, mergeAllOf } from './all-of.js';
import { asAlternatives, becameAlternatives, compareAlternatives } from './alternatives.js';
import { compareArrays } from './arrays.js';
import { compareBounds } from './bounds.js';
import type { Resolved, Segment, Walk } from './context.js';
import { compareDiscriminators } from './discriminator.js';
import { compareParameterShape } from './parameter.js';
import { compareProperties } from './properties.js';
import { comparePatternAndFormat } from './strings.js';
import { compareNullable, compareTypes } from './types.js';
import { compareConstAndDefault, compareEnums } from './values.js';
import { viewOf, type SchemaView } from './view.js';

type Check = (base: SchemaView, revision: SchemaView, path: Segment[], walk: Walk) => void;

/** The checks run on every pair of schemas whose types overlap, in reporting order. */
const CHECKS: readonly Check[] = [
  compareNullable,
  (base, revision, path, walk) => compareEnums(base.schema, revision.schema, path, walk),
  (base, revision, path, walk) => compareConstAndDefault(base.schema, revision.schema, path, walk),
  compareBounds,
  comparePatternAndFormat,
  compareProperties,
  compareArrays,
  (base, revision, path, walk) =>
    compareAlternatives('oneOf', base.schema, revision.schema, path, walk),
  (base, revision, path, walk) =>
    compareAlternatives('anyOf', base.schema, revision.schema, path, walk),
  (base, revision, path, walk) => compareDiscriminators(base.schema, revision.schema, path, walk),
];

/**
 * Compares two resolved schemas at `path`: allOf membership first, then the merged schemas.
 * A type change to a disjoint type is reported alone, as everything below it changed too.
 * A plain schema that became a oneOf or anyOf (or the reverse) is compared as alternatives.
 */
export function compareNode(base: Resolved, revision: Resolved, path: Segment[], walk: Walk): void {
  compareAllOfMembers(base.schema, revision.schema, path, walk);
  const baseView = viewOf(mergeAllOf(walk.baseDocument, base.schema));
  const revisionView = viewOf(mergeAllOf(walk.revisionDocument, revision.schema));
  const atRoot = walk.parameterRoot && path.length === 0;
  if (atRoot && compareParameterShape(baseView, revisionView, path, walk)) return;
  const keyword = becameAlternatives(baseView.schema, revisionView.schema);
  if (keyword !== undefined) {
    compareNullable(baseView, revisionView, path, walk);
    const before = asAlternatives(baseView.schema, keyword);
    compareAlternatives(keyword, before, asAlternatives(revisionView.schema, keyword), path, walk);
    return;
  }
  if (compareTypes(baseView, revisionView, path, walk, atRoot) === 'disjoint') return;
  for (const check of CHECKS) check(baseView, revisionView, path, walk);
}
