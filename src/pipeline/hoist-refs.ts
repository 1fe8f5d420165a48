import type { ApiDocument } from './document.js';
import { resolvePointer } from './document.js';

const DEEP_REF = /^#\/components\/schemas\/([^/]+)\/(.+)$/;

/**
 * Gives every schema that a `$ref` reaches inside another schema (`#/components/schemas/Base/
 * allOf/0`) a component of its own, and points the reference at it. openapi-typescript turns such
 * references into indexed types that do not compile; named components compile. Returns a copy.
 */
export function hoistDeepSchemaRefs(document: ApiDocument): ApiDocument {
  const copy = structuredClone(document);
  const schemas = (copy.components?.schemas ?? {}) as Record<string, unknown>;
  const hoisted = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string' && DEEP_REF.test(record.$ref)) {
      record.$ref = hoist(copy, schemas, hoisted, record.$ref);
    }
    Object.values(record).forEach(visit);
  };
  visit(copy);
  return copy;
}

function hoist(
  document: ApiDocument,
  schemas: Record<string, unknown>,
  hoisted: Map<string, string>,
  ref: string,
): string {
  const known = hoisted.get(ref);
  if (known) return known;
  const target = resolvePointer(document, ref);
  if (target === undefined) return ref;
  const [, owner, rest] = DEEP_REF.exec(ref)!;
  let name = `${owner}_${rest!.replace(/[^A-Za-z0-9]+/g, '_')}`;
  while (name in schemas) name += '_';
  schemas[name] = structuredClone(target);
  const local = `#/components/schemas/${name}`;
  hoisted.set(ref, local);
  return local;
}
