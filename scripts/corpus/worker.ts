// Runs the pipeline and the corpus checks on ONE document, reporting each stage to the runner over
// IPC (or as JSON lines on stdout when started by hand). The runner gives every document its own
// worker so a hang can be killed and a crash or a leak ends with the document.
import { basename, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

import type { Diagnostic } from '../../src/pipeline/diagnostics.js';
import { generateSpecFile } from '../../src/pipeline/run.js';
import type { StageResult } from '../../src/pipeline/stage.js';
import { checkDocsPage, checkMock, checkTypes, countOperations } from './checks.js';
import type { WorkerEvent } from './events.js';
import { oneLine } from './events.js';
import type { CheckOutcome } from './prism-probe.js';

const PIPELINE_STAGES = ['bundle', 'validate', 'types', 'stubs', 'clients', 'mocks', 'docs'];

interface PipelineEnd {
  ok: boolean;
  /** The stage that stopped the pipeline, when it did not finish. */
  blocker: string;
}

async function main(args: string[]): Promise<void> {
  const [file, outDir, projectDir, corpusDir] = args;
  if (!file || !outDir || !projectDir || !corpusDir) {
    throw new Error('usage: worker.ts <spec-file> <out-dir> <project-dir> <corpus-dir>');
  }
  const pipeline = await runPipeline(file, outDir, corpusDir);
  const operations = await countOperations(outDir, file);
  if (operations !== undefined) send({ kind: 'operations', count: operations });

  if (pipeline.ok) {
    await runCheck('docs', () => checkDocsPage(outDir));
    await runCheck('typecheck', () => checkTypes(outDir, projectDir));
    await runCheck('prism', () => checkMock(outDir));
  } else {
    const reason = `no generated output: ${pipeline.blocker} failed`;
    for (const stage of ['typecheck', 'prism'])
      send({ kind: 'stage', stage, status: 'skipped', ms: 0, reason });
  }
  await sendFlushed({ kind: 'done' });
}

async function runPipeline(file: string, outDir: string, corpusDir: string): Promise<PipelineEnd> {
  const seen: StageResult[] = [];
  const progress = (result: StageResult) => {
    seen.push(result);
    send(stageEvent(result, corpusDir));
  };
  let ok: boolean;
  try {
    ({ ok } = await generateSpecFile(file, outDir, progress));
  } catch (err) {
    send({
      kind: 'stage',
      stage: 'pipeline',
      status: 'failed',
      ms: 0,
      reason: `crashed: ${errorLine(err)}`,
    });
    return { ok: false, blocker: 'pipeline' };
  }
  const failed = seen.find((result) => result.status === 'failed');
  const blocker = failed?.stage ?? 'pipeline';
  for (const stage of PIPELINE_STAGES.filter((name) => !seen.some((r) => r.stage === name))) {
    send({ kind: 'stage', stage, status: 'skipped', ms: 0, reason: `not run: ${blocker} failed` });
  }
  if (!ok && !failed) {
    const reason = 'generateSpecFile reported failure although no stage failed';
    send({ kind: 'stage', stage: 'pipeline', status: 'failed', ms: 0, reason });
  }
  return { ok, blocker };
}

function stageEvent(result: StageResult, corpusDir: string): WorkerEvent {
  const event: WorkerEvent = {
    kind: 'stage',
    stage: result.stage,
    status: result.status,
    ms: result.ms,
  };
  if (result.status !== 'failed') return event;
  const first = result.diagnostics.find((d) => d.severity === 'error') ?? result.diagnostics[0];
  return {
    ...event,
    reason: first ? describeDiagnostic(first, corpusDir) : 'failed without a diagnostic',
  };
}

function describeDiagnostic(diagnostic: Diagnostic, corpusDir: string): string {
  const where = diagnostic.location;
  if (!where) return oneLine(diagnostic.message);
  const file = relative(corpusDir, where.file);
  const shown = file.startsWith('..') ? basename(where.file) : file;
  return oneLine(`${diagnostic.message} (${shown}:${where.line})`);
}

async function runCheck(
  stage: string,
  work: () => CheckOutcome | Promise<CheckOutcome>,
): Promise<void> {
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await work();
  } catch (err) {
    outcome = { status: 'failed', reason: errorLine(err) };
  }
  send({ kind: 'stage', stage, ms: Math.round(performance.now() - started), ...outcome });
}

function send(event: WorkerEvent): void {
  if (process.send) process.send(event);
  else process.stdout.write(JSON.stringify(event) + '\n');
}

function sendFlushed(event: WorkerEvent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve(send(event));
    process.send(event, () => resolve());
  });
}

function errorLine(err: unknown): string {
  return oneLine(err instanceof Error ? err.message : String(err));
}

// Exit explicitly: libraries may leave sockets or timers open once the work is done.
main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `corpus worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(2);
  },
);
