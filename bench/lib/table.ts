import type { BenchReport, Target } from './report.js';
import type { ContenderSummary } from './summary.js';

/** A short plain-text summary of the report for the terminal. */
export function formatTable(report: BenchReport): string {
  const { machine } = report;
  return [
    `pipeline benchmark: ${report.rounds} rounds after 1 warm-up, node ${report.node}, ` +
      `${machine.cpuModel} x${machine.cores}, load ${machine.loadAverage.start.join(' ')}`,
    '',
    row('', 'median s', 'min s', 'max s', 'cpu s', 'peak MB', 'failed'),
    ...[...report.contenders, ...report.references].flatMap(contenderRows),
    '',
    `B/A types+stubs+clients vs openapi-typescript: ${ratioLine(report.ratios.typesStubsClientsVsOpenapiTypescript, report.targets.typesStubsClientsVsOpenapiTypescript)}`,
    `C/D full pipeline vs standalone sum:           ${ratioLine(report.ratios.fullPipelineVsStandaloneSum, report.targets.fullPipelineVsStandaloneSum)}`,
    '',
    `C stages (median ms): ${stageLine(report)}`,
    `B stages (median ms): ${childStageLine(report)}`,
    ...report.fullPipelineDiagnostics.slice(0, 3).map((line) => `C diagnostic: ${line}`),
  ].join('\n');
}

function contenderRows(summary: ContenderSummary): string[] {
  const name = `${summary.id} ${summary.name}`;
  const own = row(
    name,
    seconds(summary.wallMs?.median),
    seconds(summary.wallMs?.min),
    seconds(summary.wallMs?.max),
    seconds(summary.cpuMs),
    mb(summary.peakRssMb),
    `${summary.failedRuns}/${summary.runs}`,
  );
  const steps = (summary.steps ?? []).map((step) =>
    row(
      `  - ${step.label}`,
      seconds(step.wallMs?.median),
      seconds(step.wallMs?.min),
      seconds(step.wallMs?.max),
      seconds(step.cpuMs),
      mb(step.peakRssMb),
      '',
    ),
  );
  return [own, ...steps];
}

function row(name: string, ...cells: string[]): string {
  return name.padEnd(44) + cells.map((cell) => cell.padStart(9)).join('');
}

function seconds(ms: number | null | undefined): string {
  return ms === undefined || ms === null ? '-' : (ms / 1000).toFixed(2);
}

function mb(value: number | null): string {
  return value === null ? '-' : String(value);
}

function ratioLine(value: number | null, target: Target): string {
  if (value === null) return `not measured (target <= ${target.max}): ${target.reason ?? ''}`;
  return `${value.toFixed(2)} (target <= ${target.max}) ${target.met ? 'MET' : 'MISSED'}`;
}

function stageLine(report: BenchReport): string {
  const entries = Object.entries(report.fullPipelineStages).map(([stage, summary]) => {
    const failed = summary.statuses['failed'] ? ' FAILED' : '';
    return `${stage} ${summary.ms?.median ?? '-'}${failed}`;
  });
  return entries.join(', ') || '-';
}

function childStageLine(report: BenchReport): string {
  return Object.entries(report.typesStubsClientsStages)
    .map(([name, ms]) => `${name.replace(/Ms$/, '')} ${ms ?? '-'}`)
    .join(', ');
}
