import type { SchemaObject } from '../model.js';
import { isSchema, type Resolved } from './context.js';

const MAX_REF_HOPS = 32;

/**
 * The value a local JSON pointer (`#/components/schemas/Order`) names in `document`, or
 * undefined when the reference is not local or names nothing. Decodes per RFC 3986 (percent)
 * and RFC 6901 (`~1` is `/`, `~0` is `~`).
 */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = document;
  for (const token of pointerTokens(ref)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function pointerTokens(ref: string): string[] {
  const pointer = safeDecode(ref.slice(1));
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The last token of a `$ref`, used to pair alternatives and to label paths. */
export function refName(ref: string): string {
  const tokens = pointerTokens(ref.includes('#') ? ref.slice(ref.indexOf('#')) : `#/${ref}`);
  return tokens.at(-1) ?? ref;
}

/** The `$ref` string of a schema, if it is a reference. */
export function refOf(value: unknown): string | undefined {
  return isSchema(value) && typeof value.$ref === 'string' ? value.$ref : undefined;
}

/** Resolved `$ref`s per document: big documents resolve the same few hundred refs often. */
const resolved = new WeakMap<object, Map<string, Resolved>>();

/**
 * Follows `$ref`s from `value` in `document` to a schema. An unresolvable or cyclic chain of
 * references gives an empty schema (accepts anything), named after the reference.
 */
export function resolveSchema(document: unknown, value: unknown): Resolved {
  const ref = refOf(value);
  if (ref === undefined) return { schema: isSchema(value) ? value : {} };
  if (typeof document !== 'object' || document === null) return followRefs(document, value);
  const known = resolved.get(document) ?? new Map<string, Resolved>();
  resolved.set(document, known);
  const hit = known.get(ref);
  if (hit !== undefined) return hit;
  const result = followRefs(document, value);
  known.set(ref, result);
  return result;
}

function followRefs(document: unknown, value: unknown): Resolved {
  let node = value;
  let name: string | undefined;
  for (let hop = 0; hop < MAX_REF_HOPS; hop++) {
    const ref = refOf(node);
    if (ref === undefined) break;
    name = refName(ref);
    node = resolvePointer(document, ref);
  }
  const schema: SchemaObject = isSchema(node) && refOf(node) === undefined ? node : {};
  return name === undefined ? { schema } : { schema, name };
}
