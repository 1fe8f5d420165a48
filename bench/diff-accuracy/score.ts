// Scores our findings against oasdiff's expectations. The rule, stated once:
//
// - A case's scope is every change id that the check its oasdiff test enables is expected to
//   report anywhere in expectations.json. Their test runs one check, so they say nothing about
//   changes outside that scope, and neither do we count them.
// - For a case and a level L (ERR = our error, WARN = our warning, INFO = our info):
//   expected = their ids at L; found = our findings at L, mapped through RULE_MAP, kept when the
//   mapped id is in the case's scope. A true positive is an id in both; a false negative is
//   expected but not found (also when we found it at another level); a false positive is found
//   but not expected at L (also when they expect it at another level).
// - Ids count once per case, however many places report them.
import type { Finding, Level } from '../../src/contracts/diff/model.js';
import { theirIds } from './rule-map.js';

/** Their three levels. */
export type TheirLevel = 'ERR' | 'WARN' | 'INFO';

/** One entry of expectations.json. */
export interface ExpectedCase {
  base: string;
  revision: string;
  oasdiff_test: string;
  checks_enabled: string[];
  expected_change_ids: string[];
  expected_levels: Record<string, TheirLevel>;
  asserts_no_changes: boolean;
}

/** One scored id of one case. */
export interface Outcome {
  kind: 'tp' | 'fn' | 'fp';
  level: TheirLevel;
  id: string;
  /** Our rule ids that mapped to `id`, at any level, with the level we gave them. */
  ours: string[];
}

/** True and false counts at one level, with precision and recall. */
export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

const OURS: Record<TheirLevel, Level> = { ERR: 'error', WARN: 'warning', INFO: 'info' };

/** Every id a check is expected to report in any case, keyed by the checks a case enables. */
export function scopes(cases: readonly ExpectedCase[]): Map<string, Set<string>> {
  const byCheck = new Map<string, Set<string>>();
  for (const c of cases) {
    const key = checksKey(c);
    const ids = byCheck.get(key) ?? new Set<string>();
    for (const id of c.expected_change_ids) ids.add(id);
    byCheck.set(key, ids);
  }
  return byCheck;
}

/** The key `scopes` files a case under. */
export function checksKey(c: ExpectedCase): string {
  return [...c.checks_enabled].sort().join(',');
}

/** Scores one case at every level. */
export function scoreCase(
  c: ExpectedCase,
  findings: readonly Finding[],
  scope: Set<string>,
): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const level of ['ERR', 'WARN', 'INFO'] as const) {
    const expected = new Set(
      Object.keys(c.expected_levels).filter((id) => c.expected_levels[id] === level),
    );
    const found = new Set(
      findings
        .filter((f) => f.level === OURS[level])
        .flatMap((f) => theirIds(f.rule))
        .filter((id) => scope.has(id)),
    );
    const ours = (id: string) => [
      ...new Set(
        findings.filter((f) => theirIds(f.rule).includes(id)).map((f) => `${f.rule} (${f.level})`),
      ),
    ];
    for (const id of expected)
      outcomes.push({ kind: found.has(id) ? 'tp' : 'fn', level, id, ours: ours(id) });
    for (const id of found)
      if (!expected.has(id)) outcomes.push({ kind: 'fp', level, id, ours: ours(id) });
  }
  return outcomes;
}

/** Sums outcomes at one level; precision and recall are 1 when nothing was there to find. */
export function tally(outcomes: readonly Outcome[], level: TheirLevel): Tally {
  const at = outcomes.filter((o) => o.level === level);
  const tp = at.filter((o) => o.kind === 'tp').length;
  const fp = at.filter((o) => o.kind === 'fp').length;
  const fn = at.filter((o) => o.kind === 'fn').length;
  return {
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}
