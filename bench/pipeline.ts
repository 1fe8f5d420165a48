// Pipeline benchmark (`npm run bench`): how Junction's generation compares with the standalone
// tools on the GitHub REST description (3.3 MB, 803 operations). Every measurement is its own
// child process; contenders alternate over the rounds after one discarded warm-up round.
// Writes bench/results/pipeline.json and prints a short table; see bench/lib/ for the parts.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineContenders } from './lib/contenders.js';
import { stopActiveSteps } from './lib/measure.js';
import { buildReport } from './lib/report.js';
import { runRounds } from './lib/rounds.js';
import { formatTable } from './lib/table.js';
import { detectUsageMethod } from './lib/usage.js';

const MIN_ROUNDS = 3;
const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(projectDir, '../shared/corpus/openapi/github/api.github.com.2022-10-03.yaml');
const resultFile = join(projectDir, 'bench', 'results', 'pipeline.json');

/** Measured rounds: `BENCH_ROUNDS` when set, never fewer than three. */
function roundCount(): number {
  const asked = Number(process.env['BENCH_ROUNDS'] ?? MIN_ROUNDS);
  return Number.isInteger(asked) && asked > MIN_ROUNDS ? asked : MIN_ROUNDS;
}

/** On Ctrl-C or SIGTERM: kill the running measurement, remove the scratch folder, exit. */
function stopOnSignal(scratchDir: string): void {
  const stop = () => {
    stopActiveSteps();
    rmSync(scratchDir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Every contender, or only those whose ids `BENCH_ONLY` lists (`BENCH_ONLY=A,B`), for a quick look. */
function selected<T extends { id: string }>(all: T[]): T[] {
  const only = process.env['BENCH_ONLY']?.split(',').map((id) => id.trim());
  return only ? all.filter((contender) => only.includes(contender.id)) : all;
}

async function main(): Promise<void> {
  if (!existsSync(spec)) throw new Error(`expected the benchmark input at ${spec}, found nothing`);
  const scratchDir = mkdtempSync(join(tmpdir(), 'junction-bench-'));
  const neutralCwd = join(scratchDir, 'cwd');
  mkdirSync(neutralCwd);
  stopOnSignal(scratchDir);
  try {
    const contenders = selected(defineContenders({ projectDir, spec, neutralCwd }));
    const rounds = roundCount();
    const rssMethod = detectUsageMethod();
    const loadAtStart = loadavg();
    const log = (line: string) => process.stderr.write(`${line}\n`);
    log(
      `bench: ${rounds} rounds + 1 warm-up of ${contenders.length} measurements, RSS by ${rssMethod}`,
    );
    const records = await runRounds(contenders, { rounds, scratchDir, rssMethod, log });
    const bytes = statSync(spec).size;
    const report = buildReport({
      contenders,
      records,
      rounds,
      rssMethod,
      spec: { file: spec, bytes },
      loadAtStart,
    });
    mkdirSync(dirname(resultFile), { recursive: true });
    writeFileSync(resultFile, JSON.stringify(report, null, 2) + '\n');
    console.log(formatTable(report));
    console.log(`\nwritten to ${resultFile}`);
  } finally {
    rmSync(scratchDir, { recursive: true, force: true });
  }
}

await main();
