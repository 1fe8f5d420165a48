import type { ApiDocument } from '../../../pipeline/document.js';
import type { Finding } from '../model.js';
import type { OperationPair } from './context.js';
import type { OpenApiRuleId } from './rules.js';
import { finding } from './rules.js';

/** One alternative: every scheme it names, each with the scopes it needs. */
type SecurityRequirementObject = Record<string, string[]>;
type Requirements = SecurityRequirementObject[] | undefined;
type Scope = 'security' | 'global-security';

/**
 * Compares the document-wide `security`. A requirement list is a choice between alternatives,
 * each a set of schemes with scopes (OpenAPI 3.1 §4.8.30): adding an alternative gives clients
 * another way in, removing one or adding a scope locks some of them out.
 */
export function diffGlobalSecurity(base: ApiDocument, revision: ApiDocument): Finding[] {
  return diffRequirements(
    'global-security',
    'security',
    base.security,
    revision.security,
    undefined,
  );
}

/**
 * Compares an operation's own `security`, against the document-wide one when only one side
 * overrides it. An operation that inherits on both sides is covered by the global comparison.
 */
export function diffOperationSecurity(pair: OperationPair): Finding[] {
  const base = pair.base.security;
  const revision = pair.revision.security;
  if (base === undefined && revision === undefined) return [];
  const from = requirementsOf(base ?? pair.docs.base.security);
  const to = requirementsOf(revision ?? pair.docs.revision.security);
  return diffRequirements('security', `${pair.location} security`, from, to, pair.operationId);
}

function diffRequirements(
  scope: Scope,
  where: string,
  base: Requirements,
  revision: Requirements,
  operation: string | undefined,
): Finding[] {
  const make = (rule: string, message: string) =>
    finding(`${scope}-${rule}` as OpenApiRuleId, where, message, operation);
  if (isAnonymous(base) && isAnonymous(revision)) return [];
  if (isAnonymous(base))
    return [make('added', `credentials are now required: ${describe(revision)}; none were before`)];
  if (isAnonymous(revision))
    return [make('removed', `credentials are no longer required; ${describe(base)} was before`)];
  return diffAlternatives(alternatives(base), alternatives(revision), make);
}

function diffAlternatives(
  base: Map<string, SecurityRequirementObject>,
  revision: Map<string, SecurityRequirementObject>,
  make: (rule: string, message: string) => Finding,
): Finding[] {
  const findings: Finding[] = [];
  for (const [key, requirement] of base) {
    const kept = revision.get(key);
    if (kept) findings.push(...diffScopes(requirement, kept, make));
    else if (![...revision.values()].some((other) => covers(other, requirement)))
      findings.push(make('alternative-removed', `${key} is no longer accepted`));
  }
  for (const key of revision.keys()) {
    if (!base.has(key)) findings.push(make('alternative-added', `${key} is now accepted`));
  }
  return findings;
}

function diffScopes(
  base: SecurityRequirementObject,
  revision: SecurityRequirementObject,
  make: (rule: string, message: string) => Finding,
): Finding[] {
  const findings: Finding[] = [];
  for (const [scheme, scopes] of Object.entries(revision)) {
    const before = base[scheme] ?? [];
    const added = scopes.filter((s) => !before.includes(s));
    const removed = before.filter((s) => !scopes.includes(s));
    if (added.length > 0)
      findings.push(make('scope-added', `${scheme} now needs scope(s) ${quote(added)}`));
    if (removed.length > 0)
      findings.push(make('scope-removed', `${scheme} no longer needs scope(s) ${quote(removed)}`));
  }
  return findings;
}

/** True when `wider` asks for no scheme and no scope that `narrower` lacks. */
function covers(wider: SecurityRequirementObject, narrower: SecurityRequirementObject): boolean {
  return Object.entries(wider).every(([scheme, scopes]) => {
    const held = narrower[scheme];
    return held !== undefined && scopes.every((s) => held.includes(s));
  });
}

/** No requirement, an empty list, or an empty alternative `{}`: anonymous calls are allowed. */
function isAnonymous(requirements: Requirements): boolean {
  return (
    !requirements ||
    requirements.length === 0 ||
    requirements.some((r) => Object.keys(r).length === 0)
  );
}

function alternatives(requirements: Requirements): Map<string, SecurityRequirementObject> {
  return new Map((requirements ?? []).map((r) => [Object.keys(r).sort().join(' + '), r]));
}

function describe(requirements: Requirements): string {
  return [...alternatives(requirements).keys()].join(' or ');
}

function quote(values: string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}

/** The document's requirement lists, whose scope lists openapi-typescript types loosely. */
function requirementsOf(value: unknown): Requirements {
  return Array.isArray(value) ? (value as SecurityRequirementObject[]) : undefined;
}
