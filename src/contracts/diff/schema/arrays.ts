import type { SchemaObject } from '../model.js';
import { isSchema, propertyStep, sameValueStep, type Segment, type Walk } from './context.js';
import { applies, type SchemaView } from './view.js';

/** Compares array items (at `[]`), positional `prefixItems` and `contains`. */
export function compareArrays(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
): void {
  if (!applies(base, revision, 'array')) return;
  const { schema: before } = base;
  const { schema: after } = revision;
  if (isSchema(before.items) && isSchema(after.items)) {
    walk.descend(before.items, after.items, [...path, propertyStep('[]')]);
  }
  comparePrefixItems(before, after, path, walk);
  compareContains(before, after, path, walk);
}

function comparePrefixItems(
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  const before = Array.isArray(base.prefixItems) ? (base.prefixItems as unknown[]) : [];
  const after = Array.isArray(revision.prefixItems) ? (revision.prefixItems as unknown[]) : [];
  const length = Math.max(before.length, after.length);
  for (let index = 0; index < length; index++) {
    const at = [...path, sameValueStep(`prefixItems[${index}]`)];
    if (index >= before.length) {
      walk.report(
        'prefix-items-added',
        `A schema for the item at position ${index} was added.`,
        at,
      );
    } else if (index >= after.length) {
      walk.report(
        'prefix-items-removed',
        `The schema for the item at position ${index} was removed.`,
        at,
      );
    } else {
      walk.descend(before[index], after[index], [...path, propertyStep(`[${index}]`)]);
    }
  }
}

function compareContains(
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  const before = base.contains;
  const after = revision.contains;
  if (before === undefined && after === undefined) return;
  const at = [...path, sameValueStep('contains')];
  if (before === undefined) {
    walk.report('contains-added', 'The array must now contain an item matching a schema.', at);
  } else if (after === undefined) {
    walk.report(
      'contains-removed',
      'The array need no longer contain an item matching a schema.',
      at,
    );
  } else {
    walk.descend(before, after, [...path, propertyStep('contains')]);
  }
}
