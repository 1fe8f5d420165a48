/** A JSON object of an AsyncAPI document. */
export type Json = Record<string, unknown>;

/** A value reached through its `$ref`s, with the pointer of the last reference followed. */
export interface Followed {
  value: unknown;
  pointer: string | undefined;
}

const MAX_HOPS = 32;

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `value` as an object, or an empty one when it is anything else. */
export function objectOf(value: unknown): Json {
  return isObject(value) ? value : {};
}

/** Reads `value` as a string, or undefined when it is anything else. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Follows local `$ref`s (`#/components/messages/x`) through `document` until a value that is not
 * a reference. A reference that leads nowhere yields `undefined`; a cycle stops after 32 hops.
 */
export function follow(document: unknown, value: unknown): Followed {
  let current = value;
  let pointer: string | undefined;
  for (let hops = 0; hops < MAX_HOPS; hops++) {
    const ref = isObject(current) ? stringOf(current.$ref) : undefined;
    if (ref === undefined) return { value: current, pointer };
    pointer = ref;
    current = resolvePointer(document, ref);
  }
  return { value: undefined, pointer };
}

/** Resolves a local JSON pointer (RFC 6901) such as `#/channels/userSignedUp`. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let current = document;
  for (const segment of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** The last segment of a local pointer: the id a component or channel entry is known by. */
export function lastSegment(pointer: string): string {
  const segment = pointer.split('/').pop() ?? pointer;
  return decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Structural equality of two JSON values; key order does not matter. */
export function sameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, i) => sameJson(item, right[i]));
  }
  if (!isObject(left) || !isObject(right)) return false;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => key in right && sameJson(left[key], right[key]));
}
