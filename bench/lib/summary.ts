import type { Contender } from './contenders.js';
import type { RunRecord } from './rounds.js';
import { failureOf } from './rounds.js';
import type { Spread } from './stats.js';
import { median, spread } from './stats.js';
import { parseChildReport, parseStageLines } from './stages.js';

/** The measured rounds of one contender, reduced to medians. */
export interface ContenderSummary {
  id: string;
  name: string;
  kind: Contender['kind'];
  runs: number;
  failedRuns: number;
  wallMs: Spread | null;
  /** User + system CPU of all the run's processes; less sensitive to a busy machine than wall time. */
  cpuMs: number | null;
  peakRssMb: number | null;
  /** Per-step figures, for contenders of more than one step (D); `wallMs` is then their sum. */
  steps?: {
    label: string;
    wallMs: Spread | null;
    cpuMs: number | null;
    peakRssMb: number | null;
  }[];
  failure?: string;
}

/** One stage of the full pipeline across the measured runs of C. */
export interface StageSummary {
  ms: Spread | null;
  statuses: Record<string, number>;
}

/** Reduces the runs of each contender to median, min and max. */
export function summarizeContenders(
  contenders: readonly Contender[],
  records: readonly RunRecord[],
): ContenderSummary[] {
  return contenders.map((contender) =>
    summarizeOne(
      contender,
      records.filter((r) => r.contender === contender.id),
    ),
  );
}

function summarizeOne(contender: Contender, runs: readonly RunRecord[]): ContenderSummary {
  const failed = runs.filter((run) => !run.ok);
  const summary: ContenderSummary = {
    id: contender.id,
    name: contender.name,
    kind: contender.kind,
    runs: runs.length,
    failedRuns: failed.length,
    wallMs: spread(runs.map((run) => run.wallMs)),
    cpuMs: median(present(runs.map((run) => run.cpuMs))),
    peakRssMb: median(present(runs.map((run) => run.peakRssMb))),
  };
  if ((runs[0]?.steps.length ?? 0) > 1) summary.steps = summarizeSteps(runs);
  if (failed[0]) summary.failure = failureOf(failed[0]);
  return summary;
}

function summarizeSteps(runs: readonly RunRecord[]): NonNullable<ContenderSummary['steps']> {
  const labels = runs[0]?.steps.map((step) => step.label) ?? [];
  return labels.map((label, i) => {
    const steps = runs.flatMap((run) => (run.steps[i] ? [run.steps[i]] : []));
    return {
      label,
      wallMs: spread(steps.map((step) => step.wallMs)),
      cpuMs: median(present(steps.map((step) => step.cpuMs))),
      peakRssMb: median(present(steps.map((step) => step.peakRssMb))),
    };
  });
}

/** Per-stage times of C, read from the lines `junction generate` prints to stderr. */
export function summarizePipelineStages(runs: readonly RunRecord[]): Record<string, StageSummary> {
  const lines = runs.flatMap((run) => parseStageLines(run.steps[0]?.stderr ?? ''));
  const stages: Record<string, StageSummary> = {};
  for (const stage of new Set(lines.map((line) => line.stage))) {
    const own = lines.filter((line) => line.stage === stage);
    const statuses: Record<string, number> = {};
    for (const line of own) statuses[line.status] = (statuses[line.status] ?? 0) + 1;
    stages[stage] = {
      ms: spread(own.flatMap((line) => (line.ms === null ? [] : [line.ms]))),
      statuses,
    };
  }
  return stages;
}

/** The diagnostics C printed under failed stages, deduplicated; empty when every run passed. */
export function pipelineDiagnostics(runs: readonly RunRecord[]): string[] {
  const lines = runs.flatMap((run) => (run.steps[0]?.stderr ?? '').split('\n'));
  return [
    ...new Set(lines.filter((line) => line.startsWith('  ')).map((line) => line.trim())),
  ].slice(0, 20);
}

/** B's own view of its runs: start-up, each stage, and time outside both (writes and exit). */
export function summarizeChildStages(runs: readonly RunRecord[]): Record<string, number | null> {
  const reports = runs.flatMap((run) => {
    const report = parseChildReport(run.steps[0]?.stdout ?? '');
    return report ? [{ report, wallMs: run.wallMs }] : [];
  });
  const stageNames = [...new Set(reports.flatMap(({ report }) => Object.keys(report.stages)))];
  const result: Record<string, number | null> = {
    startupMs: median(reports.map(({ report }) => report.startupMs)),
  };
  for (const name of stageNames)
    result[`${name}Ms`] = median(reports.map(({ report }) => report.stages[name] ?? 0));
  result['outsideStagesMs'] = median(
    reports.map(({ report, wallMs }) => wallMs - accounted(report)),
  );
  return result;
}

function accounted(report: { startupMs: number; stages: Record<string, number> }): number {
  return Object.values(report.stages).reduce((sum, ms) => sum + ms, report.startupMs);
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null);
}
