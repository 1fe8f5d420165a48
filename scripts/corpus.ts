// `npm run corpus`: runs the generation pipeline and the corpus checks (typecheck, docs page, one
// GET against Prism) over every root OpenAPI/Swagger document of the public corpus, one worker
// process per document, and writes bench/results/corpus.{json,md}. Exits 1 only when the runner
// itself breaks; a document that fails is a row with a reason.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { renderMarkdown } from './corpus/markdown.js';
import type { Progress } from './corpus/progress.js';
import { stderrProgress } from './corpus/progress.js';
import type { RootDocument } from './corpus/roots.js';
import { findRootDocuments } from './corpus/roots.js';
import type { CorpusRow } from './corpus/rows.js';
import { buildRow } from './corpus/rows.js';
import { killRunningWorkers, runWorker } from './corpus/runner.js';
import type { RunContext } from './corpus/summary.js';
import { describeSummary, summarize } from './corpus/summary.js';

interface CorpusOptions {
  projectDir: string;
  corpusDir: string;
  timeoutMs: number;
  only: string | undefined;
}

const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workRoot = join(projectDir, '.junction-cache', 'corpus');
const resultsDir = join(projectDir, 'bench', 'results');

function readOptions(argv: string[]): CorpusOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string' },
      timeout: { type: 'string', default: '300' },
      only: { type: 'string' },
    },
  });
  const seconds = Number(values.timeout);
  if (!(seconds > 0)) throw new Error(`--timeout expects seconds above 0, got '${values.timeout}'`);
  return {
    projectDir,
    corpusDir: resolve(values.corpus ?? join(projectDir, '..', 'shared', 'corpus', 'openapi')),
    timeoutMs: seconds * 1000,
    only: values.only,
  };
}

async function runDocument(
  root: RootDocument,
  options: CorpusOptions,
  progress: Progress,
): Promise<CorpusRow> {
  // The work folder sits inside the project so `client.ts` resolves `openapi-fetch` from it.
  const workDir = join(workRoot, root.spec.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase());
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const started = performance.now();
  try {
    const job = { ...options, file: root.file, outDir: join(workDir, 'out') };
    const run = await runWorker(job, (event) => progress.event(event));
    return buildRow(root, run.events, run.end, (performance.now() - started) / 1000);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function writeResults(rows: CorpusRow[], context: RunContext): string {
  const summary = summarize(rows, context);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'corpus.json'), JSON.stringify({ summary, rows }, null, 2) + '\n');
  writeFileSync(join(resultsDir, 'corpus.md'), renderMarkdown(rows, summary));
  return describeSummary(summary);
}

/** The pipeline's commit; `+changes` when `src/` differs from it, `unknown` outside git. */
function readRevision(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: projectDir, encoding: 'utf8' });
    const commit = git('rev-parse', '--short', 'HEAD').trim();
    return git('status', '--porcelain', '--', 'src').trim() === '' ? commit : `${commit}+changes`;
  } catch {
    return 'unknown';
  }
}

/** One revision, or `start..end` when the pipeline changed while the corpus ran. */
function spanOf(start: string, end: string): string {
  return start === end ? start : `${start}..${end}`;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const started = performance.now();
  const revisionAtStart = readRevision();
  const roots = findRootDocuments(options.corpusDir).filter(
    (root) => options.only === undefined || root.spec.includes(options.only),
  );
  const progress = stderrProgress();
  process.stderr.write(`corpus: ${roots.length} root documents in ${options.corpusDir}\n`);

  const rows: CorpusRow[] = [];
  for (const [index, root] of roots.entries()) {
    progress.start(root, index, roots.length);
    const row = await runDocument(root, options, progress);
    progress.finish(row);
    rows.push(row);
  }

  const context: RunContext = {
    corpus: relative(projectDir, options.corpusDir),
    revision: spanOf(revisionAtStart, readRevision()),
    totalSeconds: (performance.now() - started) / 1000,
    date: new Date(),
  };
  // A filtered run is for trying things out; it must not replace the full report.
  const summary =
    options.only === undefined
      ? writeResults(rows, context)
      : describeSummary(summarize(rows, context));
  process.stderr.write(`corpus: ${summary}\n`);
}

process.once('SIGINT', () => {
  killRunningWorkers();
  process.exit(130);
});

main().catch((err: unknown) => {
  killRunningWorkers();
  process.stderr.write(
    `corpus: the runner broke: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
