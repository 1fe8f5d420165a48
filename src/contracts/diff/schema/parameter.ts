import type { Level } from '../model.js';
import type { Segment, Walk } from './context.js';
import { resolveSchema } from './ref.js';
import { compareBounds } from './bounds.js';
import { SCHEMA_CHANGES } from './rules.js';
import { comparePatternAndFormat } from './strings.js';
import { relateTypes } from './types.js';
import { compareConstAndDefault, compareEnums } from './values.js';
import { viewOf, type SchemaView } from './view.js';

const SCALARS = ['string', 'integer', 'number', 'boolean'];

/**
 * Judges a parameter that changed from a scalar to an array. Serialized as a repeated query
 * value (form, explode), an array accepts one value as before; so the change generalizes when
 * the item schema accepts every value the scalar did, and is a type change otherwise. Returns
 * false when the parameter did not change that way and the ordinary checks apply.
 */
export function compareParameterShape(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
): boolean {
  const becameArray = revision.types?.size === 1 && revision.types.has('array');
  if (!becameArray || base.types === undefined || base.types.has('array')) return false;
  const itemView = viewOf(resolveSchema(walk.revisionDocument, revision.schema.items).schema);
  const accepts = acceptsAll(base, itemView) && !narrows(base, itemView, walk);
  const items = [...(itemView.types ?? ['any'])].join('|');
  const effect = accepts
    ? 'a single value is still accepted'
    : 'the items refuse values it accepted';
  const message = `The parameter changed from ${[...base.types].join('|')} to an array of ${items}: ${effect}.`;
  walk.report(accepts ? 'type-generalized' : 'type-changed', message, path);
  return true;
}

function acceptsAll(base: SchemaView, items: SchemaView): boolean {
  const relation = relateTypes(base.types, items.types, true);
  return relation === 'same' || relation === 'generalized';
}

/** True when the item schema refuses something the scalar accepted (any change above info). */
function narrows(base: SchemaView, items: SchemaView, walk: Walk): boolean {
  const levels: Level[] = [];
  const probe: Walk = {
    direction: walk.direction,
    baseDocument: walk.baseDocument,
    revisionDocument: walk.revisionDocument,
    parameterRoot: false,
    report: (change) => levels.push(SCHEMA_CHANGES[change]?.request ?? 'error'),
    descend: () => undefined,
  };
  const scalarItems = { ...items, types: new Set(SCALARS) };
  compareEnums(base.schema, items.schema, [], probe);
  compareConstAndDefault(base.schema, items.schema, [], probe);
  compareBounds(base, scalarItems, [], probe);
  comparePatternAndFormat(base, items, [], probe);
  return levels.some((level) => level !== 'info');
}
