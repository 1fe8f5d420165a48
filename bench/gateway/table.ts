import type { GatewayReport, RatioName } from './report.js';

/** The whole results file: one report per Node major, keyed `node20`, `node24`... */
export type GatewayResults = Record<string, GatewayReport>;

/** The Markdown of `bench/results/gateway.md`: per Node major, a table of variants and of ratios. */
export function formatMarkdown(results: GatewayResults): string {
  const sections = Object.keys(results)
    .sort()
    .map((key) => formatSection(results[key] as GatewayReport));
  return [
    '# Gateway benchmark',
    '',
    'Written by `npm run bench:gateway`; the figures are in `gateway.json` beside this file.',
    '',
    ...sections,
  ].join('\n');
}

function formatSection(report: GatewayReport): string {
  const variantRows = Object.entries(report.variants).map(([id, variant]) =>
    row([
      id,
      variant.description,
      String(variant.reqPerSec),
      variant.p50Ms?.toFixed(2) ?? 'n/a',
      variant.p99Ms?.toFixed(2) ?? 'n/a',
      variant.cpuUsPerReq.toFixed(1),
      statusList(variant.statuses),
      variant.valid ? 'yes' : '**no**',
    ]),
  );
  const ratioRows = (Object.keys(report.ratios) as RatioName[]).map((name) =>
    row([
      name,
      show(report.ratios[name]),
      show(report.cpuPerRequestRatios[name]),
      targetOf(report, name),
    ]),
  );
  return [
    `## Node ${report.node}`,
    '',
    `${report.date}, ${report.cpuModel}, ${report.cores} cores, ${report.pinning}; ` +
      `${report.connections} connections, pipelining ${report.pipelining}, ` +
      `${report.warmUpSeconds} s warm-up, ${report.rounds} interleaved rounds of ${report.roundSeconds} s; ` +
      `load average ${report.loadAverage.start.join(' ')} at the start, ${report.loadAverage.end.join(' ')} at the end.`,
    '',
    row(['variant', 'what', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'statuses', 'valid']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---', '---']),
    ...variantRows,
    '',
    row(['ratio', 'req/s', 'CPU/req', 'target']),
    row(['---', '---:', '---:', '---']),
    ...ratioRows,
    '',
  ].join('\n');
}

function targetOf(report: GatewayReport, name: RatioName): string {
  const met = report.met[name];
  if (name === 'fullChainVsExpress') {
    return `${report.targets.fullChainVsExpress}: ${report.met.fullChainVsExpress ? 'met' : '**missed**'}`;
  }
  if (met === undefined) return '';
  return `${report.targets.rejections}: ${met ? 'met' : '**missed**'}`;
}

function statusList(statuses: Record<string, number>): string {
  return Object.entries(statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(', ');
}

function show(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(2);
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}
