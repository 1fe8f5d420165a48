// Diff accuracy benchmark (`npm run bench:diff`, first half): runs every case of oasdiff's
// checker expectations through `junction diff`, maps our rule ids to theirs with
// bench/diff-accuracy/rule-map.ts, and scores error- and warning-level findings; then checks
// the facts about real release pairs. Writes bench/results/diff-accuracy.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { diffFiles } from '../src/contracts/diff/index.js';
import { checkRealPairs, pairsDir } from './diff-accuracy/real-pairs.js';
import type { Fact } from './diff-accuracy/real-pairs.js';
import { checksKey, scopes, scoreCase, tally } from './diff-accuracy/score.js';
import type { ExpectedCase, Outcome, Tally } from './diff-accuracy/score.js';
import { judgeStripeErrors } from './diff-accuracy/stripe.js';
import type { StripeTally } from './diff-accuracy/stripe.js';
import { VERDICTS } from './diff-accuracy/verdicts.js';

const projectDir = resolve(import.meta.dirname, '..');
const casesDir = join(pairsDir(projectDir), 'oasdiff-checker');

interface Scored extends Outcome {
  pair: string;
}

async function scoreAll(): Promise<Scored[]> {
  const { cases } = JSON.parse(readFileSync(join(casesDir, 'expectations.json'), 'utf8')) as {
    cases: ExpectedCase[];
  };
  const byChecks = scopes(cases);
  const scored: Scored[] = [];
  for (const c of cases) {
    const report = await diffFiles(join(casesDir, c.base), join(casesDir, c.revision));
    const scope = byChecks.get(checksKey(c)) ?? new Set<string>();
    const pair = `${c.base} -> ${c.revision}`;
    for (const outcome of scoreCase(c, report.findings, scope)) scored.push({ ...outcome, pair });
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

function accuracySection(scored: Scored[], cases: number): string[] {
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
  return [
    `${cases} cases from \`oasdiff-checker/expectations.json\`; our ids mapped through \`bench/diff-accuracy/rule-map.ts\`.`,
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

function disagreementSection(scored: Scored[]): string[] {
  const lines = [
    '| case | their id | level | kind | ours | verdict | why |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const o of scored.filter((s) => s.kind !== 'tp')) {
    const judgement = VERDICTS[`${o.pair} ${o.id}`];
    const kind = o.kind === 'fn' ? 'missed' : 'extra';
    lines.push(
      `| ${o.pair} | \`${o.id}\` | ${o.level} | ${kind} | ${o.ours.join(', ') || 'none'} | ${judgement?.verdict ?? '**not judged**'} | ${judgement?.why ?? ''} |`,
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
  const scored = await scoreAll();
  const cases = new Set(scored.map((o) => o.pair)).size;
  const { facts, stripe } = await checkRealPairs(projectDir);
  const tallies = judgeStripeErrors(stripe);
  const lines = [
    '# Diff accuracy',
    '',
    `Written by \`npm run bench:diff\` (bench/diff-accuracy.ts), ${new Date().toISOString()}, Node ${process.version}.`,
    '',
    "## Against oasdiff's checker expectations",
    '',
    ...accuracySection(scored, cases),
    '',
    '### Every disagreement',
    '',
    ...disagreementSection(scored),
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
  const err = tally(scored, 'ERR');
  process.stderr.write(
    `bench: diff accuracy ERR precision ${percent(err.precision)} recall ${percent(err.recall)}\n`,
  );
}

await main();
