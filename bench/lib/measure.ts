import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import type { UsageMethod } from './usage.js';
import { readUsage, withoutProbeLines, wrapCommand } from './usage.js';

/** One child process to measure: what to run, where, and how long it may take. */
export interface Step {
  label: string;
  command: string;
  args: string[];
  cwd: string;
  timeoutMs: number;
}

/** How one step went: wall and CPU time, peak RSS, exit code and the tail of its output. */
export interface StepResult {
  label: string;
  wallMs: number;
  cpuMs: number | null;
  peakRssMb: number | null;
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

interface SpawnOutcome {
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

const OUTPUT_TAIL = 256_000;
const activeGroups = new Set<number>();

/**
 * Runs one step in its own process group and measures it from the outside. The whole group is
 * killed when the step outlives its timeout.
 */
export async function runStep(
  step: Step,
  method: UsageMethod,
  reportFile: string,
): Promise<StepResult> {
  const wrapped = wrapCommand(step.command, step.args, method, reportFile);
  const started = performance.now();
  const outcome = await spawnBounded(wrapped.command, wrapped.args, step, wrapped.env);
  const wallMs = Math.round(performance.now() - started);
  const usage = readUsage(method, reportFile, outcome.stderr);
  rmSync(reportFile, { force: true });
  return {
    label: step.label,
    wallMs,
    cpuMs: usage.cpuMs,
    peakRssMb: usage.peakRssKb === null ? null : Math.round(usage.peakRssKb / 1024),
    exitCode: outcome.code,
    timedOut: outcome.timedOut,
    stdout: outcome.stdout,
    stderr: withoutProbeLines(outcome.stderr),
  };
}

/** Kills the process group of every step still running; for an interrupted benchmark. */
export function stopActiveSteps(): void {
  for (const pid of activeGroups) killGroup(pid);
  activeGroups.clear();
}

function spawnBounded(
  command: string,
  args: string[],
  step: Step,
  env: NodeJS.ProcessEnv,
): Promise<SpawnOutcome> {
  return new Promise((resolve, reject) => {
    // A group of its own, so a timeout also kills the children the tool starts.
    const child = spawn(command, args, {
      cwd: step.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;
    if (pid !== undefined) activeGroups.add(pid);
    const outcome: SpawnOutcome = { code: null, timedOut: false, stdout: '', stderr: '' };
    const timer = setTimeout(() => {
      outcome.timedOut = true;
      killGroup(pid);
    }, step.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      if (pid !== undefined) activeGroups.delete(pid);
    };
    child.stdout
      .setEncoding('utf8')
      .on('data', (chunk: string) => (outcome.stdout = tail(outcome.stdout + chunk)));
    child.stderr
      .setEncoding('utf8')
      .on('data', (chunk: string) => (outcome.stderr = tail(outcome.stderr + chunk)));
    child.on('error', (err) => {
      done();
      reject(err);
    });
    child.on('close', (code) => {
      done();
      resolve({ ...outcome, code });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group has already exited.
  }
}

function tail(text: string): string {
  return text.length > OUTPUT_TAIL ? text.slice(-OUTPUT_TAIL) : text;
}
