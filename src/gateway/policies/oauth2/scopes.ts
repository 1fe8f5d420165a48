import type { OperationScope } from '../../policy.js';

const TOKEN_SCHEME_TYPES = new Set(['oauth2', 'openIdConnect']);

/**
 * The scope sets that satisfy an operation's security, one per alternative that names an
 * `oauth2` or `openIdConnect` scheme (the scopes of all such schemes in it together). Schemes of
 * other types are left to the policies that check them. An empty result requires no scope.
 */
export function requiredScopeSets(
  scope: Pick<OperationScope, 'security' | 'securitySchemes'>,
): string[][] {
  const sets: string[][] = [];
  for (const alternative of scope.security) {
    const names = Object.keys(alternative).filter((name) =>
      TOKEN_SCHEME_TYPES.has(scope.securitySchemes[name]?.type ?? ''),
    );
    if (names.length === 0) continue;
    sets.push([...new Set(names.flatMap((name) => alternative[name] ?? []))]);
  }
  return sets;
}

/** Whether granted scopes satisfy the operation, and if not, the closest set it needed. */
export type ScopeDecision = { ok: true } | { ok: false; needed: readonly string[] };

/** Passes when no set is required or every scope of at least one set is granted. */
export function checkScopes(sets: readonly string[][], granted: readonly string[]): ScopeDecision {
  if (sets.length === 0) return { ok: true };
  const have = new Set(granted);
  const missing = (set: readonly string[]) => set.filter((scope) => !have.has(scope)).length;
  let closest = sets[0] ?? [];
  for (const set of sets) {
    if (missing(set) === 0) return { ok: true };
    if (missing(set) < missing(closest)) closest = set;
  }
  return { ok: false, needed: closest };
}

/** The scopes a token grants: RFC 9068 `scope` (space-separated) or a `scp` string array. */
export function grantedScopes(claims: Readonly<Record<string, unknown>>): string[] {
  const { scope, scp } = claims;
  if (typeof scope === 'string') return scope.split(' ').filter((token) => token !== '');
  if (Array.isArray(scp)) return scp.filter((item): item is string => typeof item === 'string');
  return [];
}
