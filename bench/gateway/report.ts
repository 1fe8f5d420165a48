import { cpus, loadavg } from 'node:os';

import type { LoadResult } from './load.js';
import type { Variant, VariantId } from './variants.js';

/** One variant measured once: the load run and the server CPU time it cost. */
export interface RoundRecord {
  variant: VariantId;
  round: number;
  load: LoadResult;
  cpuMicros: number;
}

/** A variant's figures over the measured rounds: medians, and statuses summed. */
export interface VariantSummary {
  description: string;
  server: string;
  expectedStatus: number;
  reqPerSec: number;
  reqPerSecMin: number;
  reqPerSecMax: number;
  /** Null when the server closes the connection after each answer (see the notes). */
  p50Ms: number | null;
  p99Ms: number | null;
  closesConnection: boolean;
  cpuUsPerReq: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** True when every response had the expected status and no connection failed. */
  valid: boolean;
}

/** The ratios the report states, each `variant / reference`; null when a side is not valid. */
export type RatioSet = Record<RatioName, number | null>;

/** The ratios and which variant is measured against which. */
export const RATIOS = {
  fullChainVsExpress: ['junctionFullChain', 'express'],
  fullChainVsNodeHttp: ['junctionFullChain', 'nodeHttp'],
  noPoliciesVsExpress: ['junctionNoPolicies', 'express'],
  fullChainVsNoPolicies: ['junctionFullChain', 'junctionNoPolicies'],
  expressVsNodeHttp: ['express', 'nodeHttp'],
  rejection401VsAccepted: ['rejection401', 'junctionFullChain'],
  rejection403VsAccepted: ['rejection403Pending', 'junctionFullChain'],
  rejection403IpDeniedVsAccepted: ['rejection403IpDenied', 'junctionFullChain'],
  rejection429VsAccepted: ['rejection429', 'junctionFullChain'],
  rejection400VsAccepted: ['rejection400', 'junctionFullChain'],
  rejection400ValidationVsAccepted: ['rejection400Validation', 'junctionFullChain'],
} as const satisfies Record<string, readonly [VariantId, VariantId]>;

/** The name of one ratio. */
export type RatioName = keyof typeof RATIOS;

const REJECTIONS = [
  'rejection401VsAccepted',
  'rejection403VsAccepted',
  'rejection403IpDeniedVsAccepted',
  'rejection429VsAccepted',
  'rejection400VsAccepted',
  'rejection400ValidationVsAccepted',
] as const satisfies readonly RatioName[];

/** The results of one Node major, as `bench/results/gateway.json` keeps them. */
export interface GatewayReport {
  node: string;
  date: string;
  cpuModel: string;
  cores: number;
  /** The 1, 5 and 15 minute load averages at the start and end: how busy the machine was. */
  loadAverage: { start: number[]; end: number[] };
  pinned: boolean;
  pinning: string;
  connections: number;
  pipelining: 1;
  warmUpSeconds: number;
  roundSeconds: number;
  rounds: number;
  variants: Record<string, VariantSummary>;
  /** Median req/s of the variant over median req/s of the reference. */
  ratios: RatioSet;
  /** Server CPU time per request of the variant over that of the reference. */
  cpuPerRequestRatios: RatioSet;
  targets: { fullChainVsExpress: string; rejections: string };
  met: { fullChainVsExpress: boolean; rejections: boolean } & Partial<Record<RatioName, boolean>>;
  notes: string[];
}

/** How the run was set up, for the report's header. */
export interface RunSettings {
  loadAtStart: number[];
  pinned: boolean;
  pinning: string;
  connections: number;
  warmUpSeconds: number;
  roundSeconds: number;
  rounds: number;
}

const FULL_CHAIN_TARGET = 0.6;
const REJECTION_TARGET = 1.0;

const NOTES = [
  'Each server is its own process pinned to CPU 0; autocannon runs in the parent pinned to CPU 1, over 127.0.0.1, pipelining 1.',
  'Rounds are interleaved: round n of every variant runs before round n+1 of any; the starting variant rotates per round. Figures are medians over the rounds.',
  'Latency percentiles cover every response, whatever its status, at full precision.',
  'CPU time per request is the server process user + system time over a round (process.cpuUsage() read over IPC before and after) divided by the responses received.',
  'The bare servers answer the JSON body Junction answers for the same organization, serialized per request; Junction reads it from SQLite on every request.',
  'Junction logs at info to stdout, which is /dev/null for every Junction server. REDIS_URL and DATABASE_URL are unset: SQLite and in-process rate-limit counters.',
  'rejection400 (a "__proto__" key) is answered with Connection: close, so each of its requests opens a new connection (rejection400Validation keeps it). Its latency is not reported: autocannon writes the next request on the closing connection and times the retry from then, so its percentiles come out seconds long; its req/s and CPU per request are sound.',
  'rejection401 sends the same wrong secret every time, so after the first Argon2id check it is refused from the rejection cache (re-checked every 10 s).',
];

/** Summarizes the rounds per variant and computes the ratios and targets. */
export function buildReport(
  variants: readonly Variant[],
  records: readonly RoundRecord[],
  settings: RunSettings,
  closing: ReadonlySet<VariantId>,
): GatewayReport {
  const summaries: Record<string, VariantSummary> = {};
  for (const variant of variants) {
    const rounds = records.filter((record) => record.variant === variant.id);
    summaries[variant.id] = summarize(variant, rounds, closing.has(variant.id));
  }
  const ratios = ratioSet(summaries, (summary) => summary.reqPerSec);
  const cpuPerRequestRatios = ratioSet(summaries, (summary) => summary.cpuUsPerReq);
  const met: GatewayReport['met'] = {
    fullChainVsExpress: atLeast(ratios.fullChainVsExpress, FULL_CHAIN_TARGET),
    rejections: REJECTIONS.every((name) => atLeast(ratios[name], REJECTION_TARGET)),
  };
  for (const name of REJECTIONS) met[name] = atLeast(ratios[name], REJECTION_TARGET);
  const { loadAtStart, ...shown } = settings;
  return {
    node: process.version,
    date: new Date().toISOString(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    loadAverage: { start: loadAtStart.map(round2), end: loadavg().map(round2) },
    ...shown,
    pipelining: 1,
    variants: summaries,
    ratios,
    cpuPerRequestRatios,
    targets: {
      fullChainVsExpress: `>= ${FULL_CHAIN_TARGET}`,
      rejections: `>= ${REJECTION_TARGET.toFixed(1)}`,
    },
    met,
    notes: NOTES,
  };
}

function summarize(
  variant: Variant,
  records: readonly RoundRecord[],
  closesConnection: boolean,
): VariantSummary {
  const statuses: Record<string, number> = {};
  let errors = 0;
  let timeouts = 0;
  for (const { load } of records) {
    for (const [status, count] of Object.entries(load.statuses))
      statuses[status] = (statuses[status] ?? 0) + count;
    errors += load.errors;
    timeouts += load.timeouts;
  }
  const rates = records.map((record) => record.load.reqPerSec);
  const expected = String(variant.expectedStatus);
  const onlyExpected = Object.keys(statuses).every((status) => status === expected);
  return {
    description: variant.description,
    server: variant.server,
    expectedStatus: variant.expectedStatus,
    reqPerSec: round(median(rates), 0),
    reqPerSecMin: round(Math.min(...rates), 0),
    reqPerSecMax: round(Math.max(...rates), 0),
    p50Ms: closesConnection ? null : round(median(records.map((record) => record.load.p50Ms)), 2),
    p99Ms: closesConnection ? null : round(median(records.map((record) => record.load.p99Ms)), 2),
    closesConnection,
    cpuUsPerReq: round(median(records.map(cpuPerRequest)), 1),
    statuses,
    errors,
    timeouts,
    valid: records.length > 0 && onlyExpected && errors === 0 && timeouts === 0,
  };
}

function cpuPerRequest(record: RoundRecord): number {
  return record.load.responses > 0 ? record.cpuMicros / record.load.responses : Number.NaN;
}

function ratioSet(
  summaries: Record<string, VariantSummary>,
  value: (summary: VariantSummary) => number,
): RatioSet {
  const entries = Object.entries(RATIOS).map(([name, [over, under]]) => {
    const top = summaries[over];
    const bottom = summaries[under];
    const ratio =
      top?.valid && bottom?.valid && value(bottom) > 0
        ? round(value(top) / value(bottom), 2)
        : null;
    return [name, ratio] as const;
  });
  return Object.fromEntries(entries) as RatioSet;
}

function atLeast(ratio: number | null, target: number): boolean {
  return ratio !== null && ratio >= target;
}

/** The median of the values; NaN when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function round2(value: number): number {
  return round(value, 2);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
