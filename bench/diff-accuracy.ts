// Diff accuracy benchmark (`npm run bench:diff`, first half): runs every case of oasdiff's
// checker expectations through `junction diff`, maps our rule ids to theirs with
// bench/diff-accuracy/rule-map.ts, and scores error- and warning-level findings; cases with
// nothing to find are listed, not dropped. Then checks the facts about real release pairs.
// Writes bench/results/diff-accuracy.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { diffFiles } from '../src/contracts/diff/index.js';
import { checkRealPairs, pairsDir } from './diff-accuracy/real-pairs.js';
import type { Fact } from './diff-accuracy/real-pairs.js';
import { theirIds } from './diff-accuracy/rule-map.js';
import { checksKey, scopes, scoreCase, tally } from './diff-accuracy/score.js';
import type { ExpectedCase, Outcome, Tally } from './diff-accuracy/score.js';
import { judgeStripeErrors } from './diff-accuracy/stripe.js';
import type { StripeTally } from './diff-accuracy/stripe.js';
import { VERDICTS } from './diff-accuracy/verdicts.js';

const projectDir = resolve(import.meta.dirname, '..');
const casesDir = join(pairsDir(projectDir), 'oasdiff-checker');

interface Scored extends Outcome {
  pair: string;
  test: string;
}

/** One case of expectations.json as scored: its outcomes, and what we found outside its scope. */
interface ScoredCase {
  test: string;
  pair: string;
  checks: string;
  outcomes: Scored[];
  outOfScope: number;
}

function loadCases(): ExpectedCase[] {
  const { cases } = JSON.parse(readFileSync(join(casesDir, 'expectations.json'), 'utf8')) as {
    cases: ExpectedCase[];
  };
  return cases;
}

async function scoreAll(cases: readonly ExpectedCase[]): Promise<ScoredCase[]> {
  const byChecks = scopes(cases);
  const scored: ScoredCase[] = [];
  for (const c of cases) {
    const report = await diffFiles(join(casesDir, c.base), join(casesDir, c.revision));
    const scope = byChecks.get(checksKey(c)) ?? new Set<string>();
    const pair = `${c.base} -> ${c.revision}`;
    const test = c.oasdiff_test.split(':').at(-1) ?? c.oasdiff_test;
    const outcomes = scoreCase(c, report.findings, scope).map((o) => ({ ...o, pair, test }));
    const outOfScope = report.findings.filter(
      (f) => !theirIds(f.rule).some((id) => scope.has(id)),
    ).length;
    scored.push({ test, pair, checks: c.checks_enabled.join(', '), outcomes, outOfScope });
  }
  return scored;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function tallyRow(label: string, t: Tally, target: string): string {
  return `| ${label} | ${t.tp} | ${t.fp} | ${t.fn} | ${percent(t.precision)} | ${percent(t.recall)} | ${target} |`;
}

/** A disagreement judged theirs wrong or a policy difference; agreements always count. */
function judgedOut(o: Scored): boolean {
  if (o.kind === 'tp') return false;
  const verdict = VERDICTS[`${o.pair} ${o.id}`]?.verdict;
  return verdict === 'theirs wrong' || verdict === 'policy difference';
}

function accuracySection(cases: readonly ScoredCase[]): string[] {
  const scored = cases.flatMap((c) => c.outcomes);
  const met = (t: Tally) => (t.precision >= 0.95 && t.recall >= 0.95 ? 'met' : '**missed**');
  const rows: string[] = [];
  for (const level of ['ERR', 'WARN'] as const) {
    const raw = tally(scored, level);
    const judged = tally(
      scored.filter((o) => !judgedOut(o)),
      level,
    );
    const target = level === 'ERR' ? '>= 95% both' : '';
    rows.push(
      tallyRow(`${level} (as scored)`, raw, level === 'ERR' ? `${target}: ${met(raw)}` : ''),
    );
    rows.push(
      tallyRow(
        `${level} (judged disagreements set aside)`,
        judged,
        level === 'ERR' ? `${target}: ${met(judged)}` : '',
      ),
    );
  }
  const info = tally(scored, 'INFO');
  const pairs = new Set(cases.map((c) => c.pair)).size;
  const agreeing = cases.filter((c) => c.outcomes.every((o) => o.kind === 'tp')).length;
  const empty = cases.filter((c) => c.outcomes.length === 0).length;
  return [
    `${cases.length} cases over ${pairs} pairs of documents from \`oasdiff-checker/expectations.json\` (some pairs serve several oasdiff tests, each enabling its own check; each test is a case); our ids mapped through \`bench/diff-accuracy/rule-map.ts\`. Every case is scored. ${agreeing} of the ${cases.length} agree at every level; ${empty} of those expect no change in their check's scope and we found none, which adds no true or false count (they are listed below).`,
    '',
    "**Scoring rule.** A case's scope is every change id its enabled oasdiff check is expected to report in any case of the file (their test enables one check, so their list says nothing outside it). At level L (ERR = our `error`, WARN = our `warning`): *expected* = their ids at L; *found* = our findings at L mapped to their ids and kept when in the case's scope. True positive: in both. False negative: expected, not found at L (also when we found it at another level). False positive: found at L, not expected at L (also when they expect it at another level). An id counts once per case. The second row of each level sets aside the disagreements judged below as theirs wrong or a policy difference.",
    '',
    '| level | TP | FP | FN | precision | recall | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    `Info level, for reference: ${info.tp} TP, ${info.fp} FP, ${info.fn} FN.`,
  ];
}

function quietSection(cases: readonly ScoredCase[]): string[] {
  return [
    '| oasdiff test | case | check enabled | our findings outside its scope |',
    '| --- | --- | --- | ---: |',
    ...cases
      .filter((c) => c.outcomes.length === 0)
      .map((c) => `| ${c.test} | ${c.pair} | ${c.checks} | ${c.outOfScope} |`),
  ];
}

function disagreementSection(cases: readonly ScoredCase[]): string[] {
  const lines = [
    '| case | oasdiff test | their id | level | kind | ours | verdict | why |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const o of cases.flatMap((c) => c.outcomes).filter((s) => s.kind !== 'tp')) {
    const judgement = VERDICTS[`${o.pair} ${o.id}`];
    const kind = o.kind === 'fn' ? 'missed' : 'extra';
    lines.push(
      `| ${o.pair} | ${o.test} | \`${o.id}\` | ${o.level} | ${kind} | ${o.ours.join(', ') || 'none'} | ${judgement?.verdict ?? '**not judged**'} | ${judgement?.why ?? ''} |`,
    );
  }
  return lines;
}

function factSection(facts: Fact[]): string[] {
  return [
    '| pair | fact | seen | holds |',
    '| --- | --- | --- | --- |',
    ...facts.map((f) => `| ${f.pair} | ${f.fact} | ${f.seen} | ${f.holds ? 'yes' : '**no**'} |`),
  ];
}

function stripeSection(tallies: StripeTally[], total: number): string[] {
  const errors = tallies.reduce((sum, t) => sum + t.errors, 0);
  const falseErrors = tallies
    .filter((t) => t.judgement?.verdict !== 'true error')
    .reduce((sum, t) => sum + t.errors, 0);
  return [
    `${total} findings, ${errors} of them errors, from ${tallies.length} underlying changes; ${falseErrors} errors judged false (target: none).`,
    '',
    '| change | errors | verdict | why |',
    '| --- | ---: | --- | --- |',
    ...tallies.map(
      (t) =>
        `| ${t.judgement?.change ?? `not judged: \`${t.example}\``} | ${t.errors} | ${t.judgement?.verdict ?? '**not judged**'} | ${t.judgement?.why ?? ''} |`,
    ),
  ];
}

async function main(): Promise<void> {
  const cases = await scoreAll(loadCases());
  const { facts, stripe } = await checkRealPairs(projectDir);
  const tallies = judgeStripeErrors(stripe);
  const lines = [
    '# Diff accuracy',
    '',
    `Written by \`npm run bench:diff\` (bench/diff-accuracy.ts), ${new Date().toISOString()}, Node ${process.version}.`,
    '',
    "## Against oasdiff's checker expectations",
    '',
    ...accuracySection(cases),
    '',
    '### Every disagreement',
    '',
    ...disagreementSection(cases),
    '',
    '### Cases with nothing to find, where we found nothing',
    '',
    ...quietSection(cases),
    '',
    '## Real release pairs',
    '',
    ...factSection(facts),
    '',
    '### Stripe spec3, 2023-03-06 -> 2023-06-21',
    '',
    ...stripeSection(tallies, stripe.length),
    '',
  ];
  writeFileSync(join(projectDir, 'bench', 'results', 'diff-accuracy.md'), lines.join('\n'));
  const err = tally(
    cases.flatMap((c) => c.outcomes),
    'ERR',
  );
  process.stderr.write(
    `bench: diff accuracy ERR precision ${percent(err.precision)} recall ${percent(err.recall)}\n`,
  );
}

await main();
