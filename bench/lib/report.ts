import { cpus, loadavg, totalmem } from 'node:os';

import type { Contender } from './contenders.js';
import type { RunRecord } from './rounds.js';
import type { ContenderSummary, StageSummary } from './summary.js';
import type { UsageMethod } from './usage.js';
import {
  pipelineDiagnostics,
  summarizeChildStages,
  summarizeContenders,
  summarizePipelineStages,
} from './summary.js';

/** The machine a run was measured on; the load average shows how noisy it was. */
export interface Machine {
  cpuModel: string;
  cores: number;
  totalMemoryMb: number;
  loadAverage: { start: number[]; end: number[] };
}

/** Whether a ratio is within its target; `reason` says why it could not be judged. */
export interface Target {
  max: number;
  met: boolean;
  reason?: string;
}

/** The content of `bench/results/pipeline.json`. */
export interface BenchReport {
  node: string;
  date: string;
  machine: Machine;
  spec: { file: string; bytes: number };
  rounds: number;
  warmUpRounds: number;
  rssMethod: UsageMethod;
  contenders: ContenderSummary[];
  references: ContenderSummary[];
  ratios: {
    typesStubsClientsVsOpenapiTypescript: number | null;
    fullPipelineVsStandaloneSum: number | null;
  };
  targets: { typesStubsClientsVsOpenapiTypescript: Target; fullPipelineVsStandaloneSum: Target };
  /** The same ratios on median CPU time, which a busy machine distorts less; for context only. */
  cpuRatios: {
    typesStubsClientsVsOpenapiTypescript: number | null;
    fullPipelineVsStandaloneSum: number | null;
  };
  startup: Record<string, number | null>;
  typesStubsClientsStages: Record<string, number | null>;
  fullPipelineStages: Record<string, StageSummary>;
  fullPipelineDiagnostics: string[];
  notes: string[];
}

/** What the report is built from, besides the runs themselves. */
export interface ReportInput {
  contenders: readonly Contender[];
  records: readonly RunRecord[];
  rounds: number;
  rssMethod: UsageMethod;
  spec: { file: string; bytes: number };
  loadAtStart: number[];
}

const NOTES = [
  'Wall time is measured by the parent around each child process, start to exit.',
  'Peak RSS is the largest single process of a run (GNU time reports the maximum over the process and the children it waited for, not their sum); C runs its docs child beside its main process, so C holds more memory at once than its figure shows.',
  'D is three processes one after another: its wall time is their sum, its peak RSS the largest of the three.',
  'A and D run in an empty folder, so the standalone CLIs use their default Redocly config rather than the house redocly.yaml (with it, openapi-typescript stops on example errors in this spec).',
];

/** Builds the report: medians per contender, the two target ratios and the stage breakdowns. */
export function buildReport(input: ReportInput): BenchReport {
  const summaries = summarizeContenders(input.contenders, input.records);
  const byId = (id: string) => summaries.find((summary) => summary.id === id);
  const runsOf = (id: string) => input.records.filter((record) => record.contender === id);
  const typesRatio = ratio(byId('B'), byId('A'));
  const fullRatio = ratio(byId('C'), byId('D'));
  return {
    node: process.version,
    date: new Date().toISOString(),
    machine: machine(input.loadAtStart),
    spec: input.spec,
    rounds: input.rounds,
    warmUpRounds: 1,
    rssMethod: input.rssMethod,
    contenders: summaries.filter((summary) => summary.kind === 'contender'),
    references: summaries.filter((summary) => summary.kind === 'reference'),
    ratios: {
      typesStubsClientsVsOpenapiTypescript: typesRatio.value,
      fullPipelineVsStandaloneSum: fullRatio.value,
    },
    targets: {
      typesStubsClientsVsOpenapiTypescript: target(typesRatio, 1.5),
      fullPipelineVsStandaloneSum: target(fullRatio, 1.0),
    },
    cpuRatios: {
      typesStubsClientsVsOpenapiTypescript: cpuRatio(byId('B'), byId('A')),
      fullPipelineVsStandaloneSum: cpuRatio(byId('C'), byId('D')),
    },
    startup: startup(byId),
    typesStubsClientsStages: summarizeChildStages(runsOf('B')),
    fullPipelineStages: summarizePipelineStages(runsOf('C')),
    fullPipelineDiagnostics: pipelineDiagnostics(runsOf('C')),
    notes: NOTES,
  };
}

function machine(loadAtStart: number[]): Machine {
  const all = cpus();
  return {
    cpuModel: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    loadAverage: { start: loadAtStart.map(round2), end: loadavg().map(round2) },
  };
}

interface Ratio {
  value: number | null;
  reason?: string;
}

/** `over / under` of the median wall times; null when either side failed or has no runs. */
function ratio(over: ContenderSummary | undefined, under: ContenderSummary | undefined): Ratio {
  for (const side of [over, under]) {
    if (!side?.wallMs) return { value: null, reason: `${side?.id ?? '?'} has no measured run` };
    if (side.failedRuns > 0) {
      return {
        value: null,
        reason: `${side.id} failed in ${side.failedRuns} of ${side.runs} runs: ${side.failure}`,
      };
    }
  }
  return { value: round2(over!.wallMs!.median / under!.wallMs!.median) };
}

function cpuRatio(
  over: ContenderSummary | undefined,
  under: ContenderSummary | undefined,
): number | null {
  if (!over?.cpuMs || !under?.cpuMs || over.failedRuns > 0 || under.failedRuns > 0) return null;
  return round2(over.cpuMs / under.cpuMs);
}

function target(measured: Ratio, max: number): Target {
  if (measured.value === null)
    return { max, met: false, reason: measured.reason ?? 'not measured' };
  return { max, met: measured.value <= max };
}

/** How much of B and C is start-up, and what tsx adds to loading the same dependencies. */
function startup(
  byId: (id: string) => ContenderSummary | undefined,
): Record<string, number | null> {
  const ms = (id: string) => byId(id)?.wallMs?.median ?? null;
  const tsx = ms('tsx');
  const typesStubsClients = ms('B');
  const depsNode = ms('deps-node');
  const depsTsx = ms('deps-tsx');
  const cli = ms('cli');
  const fullPipeline = ms('C');
  return {
    nodeEmptyMs: ms('node'),
    tsxEmptyMs: tsx,
    npxTsxEmptyMs: ms('npx-tsx'),
    dependenciesPlainNodeMs: depsNode,
    dependenciesUnderTsxMs: depsTsx,
    tsxLoaderOverheadMs: depsNode !== null && depsTsx !== null ? depsTsx - depsNode : null,
    tsxEmptyShareOfB: tsx !== null && typesStubsClients ? round2(tsx / typesStubsClients) : null,
    cliStartupMs: cli,
    cliStartupShareOfC: cli !== null && fullPipeline ? round2(cli / fullPipeline) : null,
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
