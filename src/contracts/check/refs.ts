import { isRecord } from '../pact/index.js';

/** Follows local `$ref`s (`#/components/...`) until a value that is not a reference. */
export function followRef(document: unknown, value: unknown): unknown {
  let current = value;
  for (let hops = 0; hops < 32 && isRecord(current) && typeof current.$ref === 'string'; hops++)
    current = resolveLocal(document, current.$ref);
  return current;
}

/** Follows references and returns the object, or an empty one for anything else. */
export function followRecord(document: unknown, value: unknown): Record<string, unknown> {
  const resolved = followRef(document, value);
  return isRecord(resolved) ? resolved : {};
}

function resolveLocal(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let current = document;
  for (const raw of ref.slice(2).split('/')) {
    const segment = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}
