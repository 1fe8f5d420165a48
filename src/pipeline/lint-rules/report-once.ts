import type { Location, LocationObject, UserContext } from '@redocly/openapi-core';

/**
 * A reporter that reports each (location, message) pair once, for rules that reach a shared
 * node (a response or schema in another file) from every operation that `$ref`s it.
 */
export function createReportOnce(): (ctx: UserContext, message: string, at: Location) => void {
  const reported = new Set<string>();
  return (ctx, message, at) => {
    const key = `${at.absolutePointer}\n${message}`;
    if (reported.has(key)) return;
    reported.add(key);
    ctx.report({ message, location: keyOf(at) });
  };
}

/** Points a report at the key of the node at `at`, so its line and column are the key's. */
export function keyOf(at: Location): LocationObject {
  // Location.key() is typed `any`; it returns this same pointer flagged to report on the key.
  return at.key() as LocationObject;
}
