import { isRef } from '@redocly/openapi-core';
import type { Location, UserContext } from '@redocly/openapi-core';

/** A value reached through zero or more `$ref`s, with every location it passed through. */
export interface Followed {
  node: unknown;
  location: Location;
  hops: Location[];
}

// A chain longer than this is a cycle; no-unresolved-refs and struct report those.
const MAX_HOPS = 32;

/** True when the value is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Follows `$ref`s from a value found at `location` to the value they end at. Returns undefined
 * when a reference does not resolve (the built-in no-unresolved-refs rule reports that).
 */
export function followRefs(
  value: unknown,
  location: Location,
  ctx: Pick<UserContext, 'resolve'>,
): Followed | undefined {
  const hops = [location];
  let node = value;
  let here = location;
  while (isRef(node)) {
    if (hops.length > MAX_HOPS) return undefined;
    const resolved = ctx.resolve(node, here.source.absoluteRef);
    if (!resolved.location) return undefined;
    node = resolved.node;
    here = resolved.location;
    hops.push(here);
  }
  return { node, location: here, hops };
}

/** Follows `$ref`s from a member of an object whose own location is `parent`. */
export function followMember(
  parent: Location,
  owner: Record<string, unknown>,
  key: string,
  ctx: Pick<UserContext, 'resolve'>,
): Followed | undefined {
  return followRefs(owner[key], parent.child([key]), ctx);
}
