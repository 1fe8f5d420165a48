import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { WorkerEvent } from './events.js';
import { isWorkerEvent, oneLine } from './events.js';
import type { WorkerEnd } from './rows.js';

/** One document for a worker process to run. */
export interface WorkerJob {
  file: string;
  outDir: string;
  projectDir: string;
  corpusDir: string;
  timeoutMs: number;
}

/** Everything a worker reported, and how it ended. */
export interface WorkerRun {
  events: WorkerEvent[];
  end: WorkerEnd;
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const HEAP_MB = 6144;

/** Process groups of running workers, killed when the runner itself is interrupted. */
const running = new Set<number>();

/**
 * Runs one document in a worker process of its own group and resolves when the worker ends.
 * Never rejects: a timeout, a crash or a failed spawn is an `end` of its own. The whole group
 * is killed afterwards, so no Prism or docs process outlives its document.
 */
export function runWorker(
  job: WorkerJob,
  onEvent: (event: WorkerEvent) => void,
): Promise<WorkerRun> {
  const args = [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', WORKER, job.file, job.outDir];
  const child = spawn(process.execPath, [...args, job.projectDir, job.corpusDir], {
    cwd: job.projectDir,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const events: WorkerEvent[] = [];
  let stderr = '';
  let timedOut = false;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-8_000)));
  child.on('message', (message) => {
    if (!isWorkerEvent(message)) return;
    events.push(message);
    onEvent(message);
  });
  if (child.pid !== undefined) running.add(child.pid);
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, job.timeoutMs);

  return new Promise((resolve) => {
    const finish = (end: WorkerEnd) => {
      clearTimeout(timer);
      killGroup(child.pid);
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ events, end });
    };
    // Orphans could hold the pipes open; killing the group on exit lets `close` follow.
    child.once('exit', () => killGroup(child.pid));
    child.once('error', (err) =>
      finish({ outcome: 'crash', message: `worker did not start: ${err.message}` }),
    );
    child.once('close', (code, signal) => {
      if (events.some((event) => event.kind === 'done'))
        return finish({ outcome: 'done', message: '' });
      if (timedOut)
        return finish({ outcome: 'timeout', message: `timed out after ${job.timeoutMs / 1000} s` });
      const how = signal ?? `code ${code}`;
      finish({ outcome: 'crash', message: `worker ended with ${how}: ${lastLine(stderr)}` });
    });
  });
}

/** Kills every worker group still running; for the runner's own exit paths. */
export function killRunningWorkers(): void {
  for (const pid of running) killGroup(pid);
  running.clear();
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    // A negative pid addresses the group the detached worker leads: Prism and Redocly too.
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already ended.
  }
}

function lastLine(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '');
  const last = lines.findLast((line) => !/^\s+at /.test(line)) ?? 'no output on stderr';
  return oneLine(last);
}
