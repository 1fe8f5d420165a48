import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { Contender } from './contenders.js';
import type { StepResult } from './measure.js';
import { runStep } from './measure.js';
import type { UsageMethod } from './usage.js';

/** One contender measured once: each step's result, and whether every step exited with 0. */
export interface RunRecord {
  contender: string;
  round: number;
  ok: boolean;
  wallMs: number;
  cpuMs: number | null;
  peakRssMb: number | null;
  steps: StepResult[];
}

/** How to run the rounds: round 0 is the warm-up and is not recorded. */
export interface RoundOptions {
  rounds: number;
  scratchDir: string;
  rssMethod: UsageMethod;
  log: (line: string) => void;
}

/**
 * Runs one warm-up round and then `rounds` measured rounds. Each round starts one contender
 * later than the previous, so no contender always runs first or right after the heaviest one.
 */
export async function runRounds(
  contenders: readonly Contender[],
  options: RoundOptions,
): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  for (let round = 0; round <= options.rounds; round++) {
    for (const contender of rotate(contenders, round)) {
      const record = await runContender(contender, round, options);
      options.log(progressLine(record, options.rounds));
      if (round > 0) records.push(record);
    }
  }
  return records;
}

async function runContender(
  contender: Contender,
  round: number,
  options: RoundOptions,
): Promise<RunRecord> {
  const runDir = join(options.scratchDir, `${contender.id}-round-${round}`);
  mkdirSync(runDir, { recursive: true });
  try {
    const steps: StepResult[] = [];
    for (const step of contender.steps(runDir)) {
      steps.push(
        await runStep(step, options.rssMethod, join(options.scratchDir, 'time-report.txt')),
      );
    }
    const rss = steps.flatMap((step) => (step.peakRssMb === null ? [] : [step.peakRssMb]));
    const cpu = steps.map((step) => step.cpuMs);
    return {
      contender: contender.id,
      round,
      ok: steps.every((step) => step.exitCode === 0),
      wallMs: steps.reduce((sum, step) => sum + step.wallMs, 0),
      cpuMs: cpu.includes(null) ? null : cpu.reduce<number>((sum, ms) => sum + (ms ?? 0), 0),
      peakRssMb: rss.length > 0 ? Math.max(...rss) : null,
      steps,
    };
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function progressLine(record: RunRecord, rounds: number): string {
  const round = record.round === 0 ? 'warm-up' : `round ${record.round}/${rounds}`;
  const status = record.ok ? 'ok' : `FAILED (${failureOf(record)})`;
  const rss = record.peakRssMb === null ? '?' : String(record.peakRssMb);
  return `${round.padEnd(11)} ${record.contender.padEnd(9)} ${(record.wallMs / 1000).toFixed(2).padStart(7)} s ${rss.padStart(5)} MB  ${status}`;
}

/** Why a run failed, in one line: the step, its exit code or timeout, and its last stderr line. */
export function failureOf(record: RunRecord): string {
  const step = record.steps.find((candidate) => candidate.exitCode !== 0);
  if (!step) return 'no failure';
  const exit = step.timedOut ? 'timed out' : `exit ${step.exitCode ?? 'signal'}`;
  const lines = step.stderr.split('\n').filter((line) => line.trim() !== '');
  // `junction generate` indents the diagnostics of a failed stage; they say more than its last line.
  const reason = lines.find((line) => line.startsWith('  ')) ?? lines.pop() ?? '';
  return `${step.label}: ${exit}: ${reason.trim().slice(0, 240)}`;
}
