import type { Json } from './refs.js';
import { follow, objectOf } from './refs.js';

/** Which side wins when a trait and the object it applies to set the same field. */
export type TraitPrecedence = 'traits-win' | 'object-wins';

/**
 * Applies the `traits` of a message or operation, shallowly. AsyncAPI 2 merges traits over the
 * object (2.6.0 "Message Object"); AsyncAPI 3 lets the object's own fields win (3.0.0).
 */
export function applyTraits(document: unknown, object: Json, precedence: TraitPrecedence): Json {
  const { traits, ...own } = object;
  if (!Array.isArray(traits)) return own;
  const resolved = traits.map((trait) => objectOf(follow(document, trait).value));
  const merged: Json = {};
  const layers = precedence === 'traits-win' ? [own, ...resolved] : [...resolved, own];
  for (const layer of layers) Object.assign(merged, layer);
  return merged;
}
