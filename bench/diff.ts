// Diff timing benchmark (`npm run bench:diff`, second half): how long `junction diff` takes on
// Stripe's two 4 MB releases (load + bundle + compare) against openapi-typescript generating
// types from one of them. Each measurement runs in a fresh child process, the two contenders
// interleaved, three rounds; medians decide. Merges this Node major's figures into
// bench/results/diff.json and rewrites bench/results/diff.md.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { diffFiles } from '../src/contracts/diff/index.js';

const ROUNDS = 3;
const projectDir = resolve(import.meta.dirname, '..');
const stripeDir = join(projectDir, '..', 'shared', 'corpus', 'openapi-pairs', 'stripe-spec3');
const base = join(stripeDir, 'base-2023-03-06.spec3.yaml');
const revision = join(stripeDir, 'revision-2023-06-21.spec3.yaml');
const resultsDir = join(projectDir, 'bench', 'results');

type Contender = 'diff' | 'openapiTypescript';

/** One timed run in a child: wall and CPU milliseconds, and what it produced. */
interface Sample {
  wallMs: number;
  cpuMs: number;
  output: string;
}

interface DiffBenchReport {
  node: string;
  date: string;
  cpuModel: string;
  cores: number;
  loadAverage: { start: number[]; end: number[] };
  rounds: number;
  samples: Record<Contender, Sample[]>;
  medianWallMs: Record<Contender, number>;
  medianCpuMs: Record<Contender, number>;
  ratio: number;
  targetMet: boolean;
}

/** Runs one contender in this process and prints its sample; the child side of the bench. */
async function measureHere(contender: Contender): Promise<void> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let output: string;
  if (contender === 'diff') {
    const report = await diffFiles(base, revision);
    output = `${report.findings.length} findings`;
  } else {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const types = astToString(await openapiTS(pathToFileURL(base)));
    output = `${types.length} characters of types`;
  }
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const sample: Sample = { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, output };
  process.stdout.write(JSON.stringify(sample) + '\n');
}

function measureInChild(contender: Contender): Sample {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--one', contender],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (child.status !== 0) throw new Error(`the ${contender} run failed: ${child.stderr}`);
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function run(): DiffBenchReport {
  const start = loadavg();
  const samples: Record<Contender, Sample[]> = { diff: [], openapiTypescript: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const contender of ['diff', 'openapiTypescript'] as const) {
      const sample = measureInChild(contender);
      samples[contender].push(sample);
      process.stderr.write(
        `bench: round ${round} ${contender} ${sample.wallMs.toFixed(0)} ms (${sample.output})\n`,
      );
    }
  }
  const medianWallMs = {
    diff: median(samples.diff.map((s) => s.wallMs)),
    openapiTypescript: median(samples.openapiTypescript.map((s) => s.wallMs)),
  };
  const medianCpuMs = {
    diff: median(samples.diff.map((s) => s.cpuMs)),
    openapiTypescript: median(samples.openapiTypescript.map((s) => s.cpuMs)),
  };
  const ratio = medianWallMs.diff / medianWallMs.openapiTypescript;
  return {
    node: process.version,
    date: new Date().toISOString(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    loadAverage: { start: start.map(round2), end: loadavg().map(round2) },
    rounds: ROUNDS,
    samples,
    medianWallMs,
    medianCpuMs,
    ratio,
    targetMet: ratio <= 1,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function formatMarkdown(results: Record<string, DiffBenchReport>): string {
  const sections = Object.keys(results)
    .sort()
    .flatMap((key) => {
      const r = results[key] as DiffBenchReport;
      return [
        `## Node ${r.node}`,
        '',
        `${r.date}, ${r.cpuModel}, ${r.cores} cores; ${r.rounds} interleaved rounds, each run in a fresh child process; load average ${r.loadAverage.start.join(' ')} at the start, ${r.loadAverage.end.join(' ')} at the end.`,
        '',
        '| contender | what | median wall ms | median CPU ms | runs (wall ms) | output |',
        '| --- | --- | ---: | ---: | --- | --- |',
        `| diff | \`junction diff\` of the two Stripe releases: load, bundle, compare | ${r.medianWallMs.diff.toFixed(0)} | ${r.medianCpuMs.diff.toFixed(0)} | ${r.samples.diff.map((s) => s.wallMs.toFixed(0)).join(', ')} | ${r.samples.diff[0]?.output ?? ''} |`,
        `| openapiTypescript | \`openapiTS\` + \`astToString\` on the base release alone | ${r.medianWallMs.openapiTypescript.toFixed(0)} | ${r.medianCpuMs.openapiTypescript.toFixed(0)} | ${r.samples.openapiTypescript.map((s) => s.wallMs.toFixed(0)).join(', ')} | ${r.samples.openapiTypescript[0]?.output ?? ''} |`,
        '',
        `diff / openapi-typescript (median wall): ${r.ratio.toFixed(2)}; target <= 1.00: ${r.targetMet ? 'met' : '**missed**'}.`,
        '',
      ];
    });
  return [
    '# Diff timing benchmark',
    '',
    'Written by `npm run bench:diff` (bench/diff.ts); the figures are in `diff.json` beside this file.',
    '',
    ...sections,
  ].join('\n');
}

function save(report: DiffBenchReport): void {
  const file = join(resultsDir, 'diff.json');
  const results = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, DiffBenchReport>)
    : {};
  results[`node${process.versions.node.split('.')[0]}`] = report;
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(resultsDir, 'diff.md'), formatMarkdown(results));
}

const one = process.argv.indexOf('--one');
if (one >= 0) await measureHere(process.argv[one + 1] as Contender);
else save(run());
