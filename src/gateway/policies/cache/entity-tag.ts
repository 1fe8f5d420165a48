import { createHash } from 'node:crypto';

/** How many base64url characters of the SHA-256 digest a computed entity tag keeps (162 bits). */
const TAG_LENGTH = 27;

/** One `entity-tag` of RFC 9110 §8.8.3: an optional `W/` and a quoted opaque tag. */
const ENTITY_TAG = /(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"/g;

/** A strong entity tag for a representation: a truncated base64url SHA-256 of its bytes. */
export function computeEntityTag(bytes: Uint8Array): string {
  const digest = createHash('sha256').update(bytes).digest('base64url');
  return `"${digest.slice(0, TAG_LENGTH)}"`;
}

/**
 * Whether an `If-None-Match` field value matches a representation's entity tag, with the weak
 * comparison RFC 9110 §13.1.2 prescribes: `W/"a"` matches `"a"`. `*` matches any current
 * representation; a field that holds no entity tag matches nothing.
 */
export function ifNoneMatchMatches(field: string | undefined, entityTag: string): boolean {
  if (field === undefined) return false;
  if (field.trim() === '*') return true;
  const current = opaqueTag(entityTag);
  if (current === undefined) return false;
  for (const match of field.matchAll(ENTITY_TAG)) {
    if (match[2] === current) return true;
  }
  return false;
}

/** The quoted part of an entity tag, or undefined when it is not one. */
function opaqueTag(entityTag: string): string | undefined {
  const match = /^\s*(?:W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*$/.exec(entityTag);
  return match?.[1];
}
