import { show, type Segment, type Walk } from './context.js';
import type { SchemaView } from './view.js';

/**
 * Reports a pattern or a format added, changed or removed. Patterns are compared as text:
 * whether two expressions accept the same strings cannot be decided in general.
 */
export function comparePatternAndFormat(
  base: SchemaView,
  revision: SchemaView,
  path: Segment[],
  walk: Walk,
): void {
  compareText('pattern', base.schema.pattern, revision.schema.pattern, path, walk);
  compareText(
    'format',
    validating(base.schema.format),
    validating(revision.schema.format),
    path,
    walk,
  );
}

/**
 * OpenAPI's `binary` format says a string carries raw bytes (a file part, an octet stream); it
 * refuses no value, so adding or dropping it is no change to what is valid.
 */
function validating(format: unknown): unknown {
  return format === 'binary' ? undefined : format;
}

function compareText(
  keyword: 'pattern' | 'format',
  before: unknown,
  after: unknown,
  path: Segment[],
  walk: Walk,
): void {
  const had = typeof before === 'string';
  const has = typeof after === 'string';
  if (before === after || (!had && !has)) return;
  const message = `The ${keyword} changed from ${show(had ? before : undefined)} to ${show(has ? after : undefined)}.`;
  if (!had) walk.report(`${keyword}-added`, message, path);
  else if (!has) walk.report(`${keyword}-removed`, message, path);
  else walk.report(`${keyword}-changed`, message, path);
}
