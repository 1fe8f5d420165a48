import { show, type Segment, type Walk } from './context.js';
import { admits, type SchemaView } from './view.js';

/** How two type sets relate; `disjoint` means no value of one is valid for the other. */
export type TypeRelation = 'same' | 'generalized' | 'narrowed' | 'changed' | 'disjoint';

/** How the revision's types relate to the base's; unknown types on either side count as same. */
export function relateTypes(
  base: ReadonlySet<string> | undefined,
  revision: ReadonlySet<string> | undefined,
  asText = false,
): TypeRelation {
  if (base === undefined || revision === undefined) return 'same';
  const accepts = asText ? admitsAsText : admits;
  const added = [...revision].filter((type) => !accepts(base, type));
  const lost = [...base].filter((type) => !accepts(revision, type));
  if (added.length === 0 && lost.length === 0) return 'same';
  if (lost.length === 0) return 'generalized';
  if (added.length === 0) return 'narrowed';
  const shared = [...base].some((type) => accepts(revision, type));
  return shared ? 'changed' : 'disjoint';
}

/** On the wire a parameter is text, so a string admits every scalar's spelling. */
function admitsAsText(types: ReadonlySet<string>, type: string): boolean {
  return admits(types, type) || (types.has('string') && SCALARS.has(type));
}

const SCALARS = new Set(['integer', 'number', 'boolean']);

/**
 * Reports a type change and returns how the types relate, so callers can stop on disjoint.
 * `asText` judges the types of a parameter, whose values all travel as text.
 */
export function compareTypes(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
  asText = false,
): TypeRelation {
  const relation = relateTypes(base.types, revision.types, asText);
  if (relation === 'same') return relation;
  const change = relation === 'disjoint' ? 'changed' : relation;
  const message = `The type changed from ${typeText(base.types)} to ${typeText(revision.types)}.`;
  walk.report(`type-${change}`, message, path);
  return relation;
}

/** Reports null becoming valid or invalid. */
export function compareNullable(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
): void {
  if (base.nullable === revision.nullable) return;
  if (revision.nullable)
    walk.report('became-nullable', 'The value became nullable: null is now valid.', path);
  else
    walk.report(
      'became-not-nullable',
      'The value is no longer nullable: null is now invalid.',
      path,
    );
}

function typeText(types: ReadonlySet<string> | undefined): string {
  return show(types === undefined ? undefined : [...types].join('|'));
}
