import type { Direction, SchemaObject } from '../model.js';

/** One step of a finding's path: a property name, `[]` for array items, `oneOf[Dog]`, ... */
export interface Segment {
  text: string;
  /** False for steps that stay on the same value (a oneOf alternative): they keep the subject. */
  property: boolean;
}

/** A finding before its rule id, level and location are fixed by where it was reached. */
export interface RawFinding {
  change: string;
  message: string;
  path: Segment[];
  /** The rule's subject is the parent of `path` (a property added to or removed from it). */
  ofParent?: boolean;
}

/** A pair of `$ref`s met at `path`, compared once and reported at the first place reached. */
export interface RefEdge {
  path: Segment[];
  base: string;
  revision: string;
  /** Identifies the pair and the direction it was compared in. */
  key: string;
}

/** A schema resolved from its `$ref`s, with the name of the last component it came from. */
export interface Resolved {
  schema: SchemaObject;
  name?: string;
}

/** What the comparison of one schema node needs: where it is, and how to go deeper. */
export interface Walk {
  readonly direction: Direction;
  readonly baseDocument: unknown;
  readonly revisionDocument: unknown;
  /** True at the root of a parameter's schema, where query serialization rules apply. */
  readonly parameterRoot: boolean;
  report(change: string, message: string, path: Segment[], ofParent?: boolean): void;
  /** Compares two child schemas (raw, `$ref`s allowed) found at `path`. */
  descend(base: unknown, revision: unknown, path: Segment[]): void;
}

/** A step into a named property. */
export function propertyStep(name: string): Segment {
  return { text: name.replaceAll('~', '~0').replaceAll('/', '~1'), property: true };
}

/** A step that stays on the same value, such as a oneOf alternative. */
export function sameValueStep(text: string): Segment {
  return { text, property: false };
}

/** True for a plain object (a schema), false for arrays, null and scalars. */
export function isSchema(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Renders a value for a message: JSON, cut short when long. */
export function show(value: unknown): string {
  const text = value === undefined ? 'none' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
