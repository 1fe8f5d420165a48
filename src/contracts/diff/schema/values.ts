import type { SchemaObject } from '../model.js';
import { show, type Segment, type Walk } from './context.js';

/** Reports enum values removed and added, and a schema becoming or ceasing to be an enum. */
export function compareEnums(
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  const before = Array.isArray(base.enum) ? base.enum : undefined;
  const after = Array.isArray(revision.enum) ? revision.enum : undefined;
  if (before === undefined && after === undefined) return;
  if (before === undefined) {
    walk.report('became-enum', `The value became an enum of ${show(after)}.`, path);
    return;
  }
  if (after === undefined) {
    walk.report('became-not-enum', `The enum ${show(before)} was removed.`, path);
    return;
  }
  // Set look-ups keep enums of thousands of values linear.
  const kept = new Set(after.map((value) => JSON.stringify(value)));
  const had = new Set(before.map((value) => JSON.stringify(value)));
  for (const value of before) {
    if (kept.has(JSON.stringify(value))) continue;
    walk.report('enum-value-removed', `Enum value ${show(value)} was removed.`, path);
  }
  for (const value of after) {
    if (had.has(JSON.stringify(value))) continue;
    walk.report('enum-value-added', `Enum value ${show(value)} was added.`, path);
  }
}

/** Reports `const` set, changed or removed, and `default` set, changed or removed. */
export function compareConstAndDefault(
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  compareValue('const', 'const', base, revision, path, walk);
  compareValue('default', 'default-value', base, revision, path, walk);
}

function compareValue(
  keyword: string,
  change: string,
  base: SchemaObject,
  revision: SchemaObject,
  path: Segment[],
  walk: Walk,
): void {
  const had = Object.hasOwn(base, keyword);
  const has = Object.hasOwn(revision, keyword);
  const before: unknown = base[keyword];
  const after: unknown = revision[keyword];
  if (!had && !has) return;
  if (!had) walk.report(`${change}-added`, `A ${keyword} of ${show(after)} was added.`, path);
  else if (!has)
    walk.report(`${change}-removed`, `The ${keyword} ${show(before)} was removed.`, path);
  else if (JSON.stringify(before) !== JSON.stringify(after)) {
    walk.report(
      `${change}-changed`,
      `The ${keyword} changed from ${show(before)} to ${show(after)}.`,
      path,
    );
  }
}
