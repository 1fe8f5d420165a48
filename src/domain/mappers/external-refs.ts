import type { ExternalRef } from './types.js';

/** The id of the record in one system and type, or undefined when it has none there. */
export function findExternalId(
  refs: readonly ExternalRef[],
  system: ExternalRef['system'],
  type: string,
): string | undefined {
  return refs.find((ref) => ref.system === system && ref.type === type)?.id;
}

/** The refs with `ref` added, replacing the one of the same system and type. */
export function withExternalRef(refs: readonly ExternalRef[], ref: ExternalRef): ExternalRef[] {
  return [...refs.filter((other) => other.system !== ref.system || other.type !== ref.type), ref];
}
