// Gateway benchmark (`npm run bench:gateway`): how much throughput Junction's runtime and its
// policy chain cost against bare node:http and bare Express, and how fast it refuses. Each server
// is a child process pinned to CPU 0; autocannon runs here, pinned to CPU 1. Rounds interleave
// the variants after one warm-up each. Merges this Node major's results into
// bench/results/gateway.json and rewrites bench/results/gateway.md; see bench/gateway/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { newAdminKey, send } from './gateway/junction-setup.js';
import type { JunctionFixture } from './gateway/junction-setup.js';
import { runLoad } from './gateway/load.js';
import type { LoadShape } from './gateway/load.js';
import { buildReport } from './gateway/report.js';
import type { GatewayReport, RoundRecord, RunSettings } from './gateway/report.js';
import type { ServerProcess } from './gateway/server-process.js';
import { startBare, startJunction } from './gateway/servers.js';
import type { ServerContext } from './gateway/servers.js';
import type { GatewayResults } from './gateway/table.js';
import { formatMarkdown } from './gateway/table.js';
import { SERVERS, defineVariants } from './gateway/variants.js';
import type { Fixtures, JunctionServerId, Variant, VariantId } from './gateway/variants.js';

const CONNECTIONS = 32;
const WARM_UP_SECONDS = 3;
const ROUND_SECONDS = 5;
const MIN_ROUNDS = 5;
const SERVER_CPU = 0;
const LOAD_CPU = 1;
const PINNED_MARK = 'BENCH_GATEWAY_PINNED';

const projectDir = resolve(import.meta.dirname, '..');
const resultsDir = join(projectDir, 'bench', 'results');
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Seconds per measured round: `BENCH_ROUND_SECONDS` when set (for a quick look), else five. */
function roundSeconds(): number {
  const asked = Number(process.env['BENCH_ROUND_SECONDS'] ?? ROUND_SECONDS);
  return Number.isInteger(asked) && asked >= 1 ? asked : ROUND_SECONDS;
}

/** Measured rounds: `BENCH_ROUNDS` when set, never fewer than five. */
function roundCount(): number {
  const asked = Number(process.env['BENCH_ROUNDS'] ?? MIN_ROUNDS);
  return Number.isInteger(asked) && asked > MIN_ROUNDS ? asked : MIN_ROUNDS;
}

/**
 * Decides how to pin. When `taskset` works and there are two CPUs or more, this process runs
 * itself again under `taskset -c 1` (returning its exit code) and the servers go to CPU 0.
 */
function pinning(): { rerun: number | undefined; cpu: number | undefined; how: string } {
  if (process.env[PINNED_MARK] === '1') {
    return {
      rerun: undefined,
      cpu: SERVER_CPU,
      how: `servers on CPU ${SERVER_CPU}, load on CPU ${LOAD_CPU}`,
    };
  }
  if (cpus().length < 2) return { rerun: undefined, cpu: undefined, how: 'unpinned: one CPU only' };
  if (spawnSync('taskset', ['-c', String(LOAD_CPU), 'true']).status !== 0) {
    log('bench: taskset is missing or does not work here; running unpinned');
    return { rerun: undefined, cpu: undefined, how: 'unpinned: taskset not available' };
  }
  const args = [
    '-c',
    String(LOAD_CPU),
    process.execPath,
    ...process.execArgv,
    ...process.argv.slice(1),
  ];
  const child = spawnSync('taskset', args, {
    stdio: 'inherit',
    env: { ...process.env, [PINNED_MARK]: '1' },
  });
  return { rerun: child.status ?? 1, cpu: undefined, how: '' };
}

/** Server ids `BENCH_PROFILE` lists (`BENCH_PROFILE=junction-full`), to run under --cpu-prof. */
function profiled(): string[] {
  return (process.env['BENCH_PROFILE'] ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

async function main(): Promise<number> {
  const pin = pinning();
  if (pin.rerun !== undefined) return pin.rerun;
  const loadAtStart = loadavg();
  const scratchDir = mkdtempSync(join(tmpdir(), 'junction-gateway-bench-'));
  const servers = new Map<string, ServerProcess>();
  const stopAll = async () => {
    await Promise.all([...servers.values()].map((server) => server.stop()));
    rmSync(scratchDir, { recursive: true, force: true });
  };
  const onSignal = () => void stopAll().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const context: ServerContext = {
      projectDir,
      scratchDir,
      adminKey: newAdminKey(),
      cpu: pin.cpu,
      profile: profiled(),
      profileDir: join(tmpdir(), 'junction-gateway-profiles'),
    };
    const { fixtures, body } = await startServers(context, servers);
    const variants = defineVariants(fixtures);
    const closing = new Set<VariantId>();
    for (const variant of variants) {
      if (await probe(variant, server(servers, variant), body)) closing.add(variant.id);
    }
    const settings: RunSettings = {
      loadAtStart,
      pinned: pin.cpu !== undefined,
      pinning: pin.how,
      connections: CONNECTIONS,
      warmUpSeconds: WARM_UP_SECONDS,
      roundSeconds: roundSeconds(),
      rounds: roundCount(),
    };
    const records = await measure(variants, servers, settings);
    const report = buildReport(variants, records, settings, closing);
    writeResults(report);
    if (context.profile.length > 0) log(`bench: CPU profiles are written to ${context.profileDir}`);
    return 0;
  } finally {
    await stopAll();
  }
}

/** Starts every server: Junction's first (their fixtures and the body), then the bare ones. */
async function startServers(
  context: ServerContext,
  servers: Map<string, ServerProcess>,
): Promise<{ fixtures: Fixtures; body: unknown }> {
  const fixtures: Partial<Record<JunctionServerId, JunctionFixture>> = {};
  let fallbackId: string | undefined;
  for (const spec of SERVERS) {
    if (spec.kind !== 'junction') continue;
    const started = await startJunction(spec, context, fallbackId);
    servers.set(spec.id, started.server);
    fixtures[spec.id] = started.fixture;
    fallbackId ??= started.fixture.organizationId;
    log(`bench: started ${spec.id} (pid ${started.server.pid}) at ${started.server.url}`);
  }
  const none = fixtures['junction-none'];
  const noneServer = servers.get('junction-none');
  if (!none || !noneServer) throw new Error('expected junction-none to be started first');
  const reply = await send(
    noneServer.url,
    'GET',
    `/canonical/v1/organizations/${none.organizationId}`,
  );
  if (reply.status !== 200)
    throw new Error(`expected 200 reading the organization, got ${reply.status}: ${reply.text}`);
  for (const spec of SERVERS) {
    if (spec.kind !== 'bare') continue;
    const started = await startBare(spec, context, reply.text);
    servers.set(spec.id, started);
    log(`bench: started ${spec.id} (pid ${started.pid}) at ${started.url}`);
  }
  return { fixtures: fixtures as Fixtures, body: JSON.parse(reply.text) as unknown };
}

function server(servers: Map<string, ServerProcess>, variant: Variant): ServerProcess {
  const found = servers.get(variant.server);
  if (!found)
    throw new Error(`expected server ${variant.server} for ${variant.id}, none is running`);
  return found;
}

/**
 * Sends one request of the variant and throws unless it is answered as every request of the
 * variant must be: the expected status, and the organization's body or the expected problem code.
 * Resolves with whether the server closes the connection after the answer.
 */
async function probe(variant: Variant, target: ServerProcess, body: unknown): Promise<boolean> {
  const { method, path, headers, body: payload } = variant.request;
  const reply = await send(target.url, method, path, payload, headers);
  const parsed = JSON.parse(reply.text) as unknown;
  const code = (parsed as { code?: unknown }).code;
  const answered =
    variant.expectedCode === undefined
      ? organizationLike(parsed, body)
      : code === variant.expectedCode;
  if (reply.status !== variant.expectedStatus || !answered) {
    const wanted = variant.expectedCode ?? 'the organization';
    throw new Error(
      `probe of ${variant.id}: expected ${variant.expectedStatus} with ${wanted}, got ${reply.status}: ${reply.text.slice(0, 400)}`,
    );
  }
  const closes = reply.headers.get('connection')?.toLowerCase() === 'close';
  log(
    `bench: probe ${variant.id.padEnd(21)} ${reply.status} ok${closes ? ', closes the connection' : ''}`,
  );
  return closes;
}

/** The same organization, whatever its id (each Junction server stored its own). */
function organizationLike(answer: unknown, body: unknown): boolean {
  const strip = (value: unknown) => ({
    ...(value as object),
    id: '',
    createdAt: '',
    updatedAt: '',
  });
  return isDeepStrictEqual(strip(answer), strip(body));
}

/** One warm-up per variant, then the interleaved rounds; returns the measured rounds. */
async function measure(
  variants: readonly Variant[],
  servers: Map<string, ServerProcess>,
  settings: RunSettings,
): Promise<RoundRecord[]> {
  const shape = (seconds: number): LoadShape => ({ connections: settings.connections, seconds });
  log(
    `bench: ${variants.length} variants, ${settings.warmUpSeconds} s warm-up each, ${settings.rounds} rounds of ${settings.roundSeconds} s; ${settings.pinning}`,
  );
  for (const variant of variants) {
    const load = await runLoad(
      server(servers, variant).url,
      variant.request,
      shape(settings.warmUpSeconds),
    );
    log(
      `warm-up    ${variant.id.padEnd(21)} ${Math.round(load.reqPerSec).toString().padStart(6)} req/s`,
    );
  }
  const records: RoundRecord[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    for (const variant of rotate(variants, round - 1)) {
      const target = server(servers, variant);
      const before = await target.cpuMicros();
      const load = await runLoad(target.url, variant.request, shape(settings.roundSeconds));
      const cpuMicros = (await target.cpuMicros()) - before;
      records.push({ variant: variant.id, round, load, cpuMicros });
      log(progressLine(round, settings.rounds, variant, load, cpuMicros));
    }
  }
  return records;
}

function progressLine(
  round: number,
  rounds: number,
  variant: Variant,
  load: RoundRecord['load'],
  cpuMicros: number,
): string {
  const statuses = Object.entries(load.statuses)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  const cpu = load.responses > 0 ? (cpuMicros / load.responses).toFixed(1) : '?';
  return (
    `round ${round}/${rounds}  ${variant.id.padEnd(21)} ${Math.round(load.reqPerSec).toString().padStart(6)} req/s` +
    `  p50 ${load.p50Ms.toFixed(2)} ms  p99 ${load.p99Ms.toFixed(2)} ms  ${cpu} µs/req  ${statuses}` +
    (load.errors + load.timeouts > 0 ? `  errors ${load.errors} timeouts ${load.timeouts}` : '')
  );
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Merges the report under this Node major (`node20`) into gateway.json and rewrites gateway.md. */
function writeResults(report: GatewayReport): void {
  const jsonFile = join(resultsDir, 'gateway.json');
  const key = `node${process.versions.node.split('.')[0]}`;
  const results: GatewayResults = existsSync(jsonFile) ? readResults(jsonFile) : {};
  results[key] = report;
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify(results, null, 2) + '\n');
  const markdown = formatMarkdown(results);
  writeFileSync(join(resultsDir, 'gateway.md'), markdown);
  console.log(markdown);
  console.log(`written to ${jsonFile} under "${key}"`);
}

function readResults(file: string): GatewayResults {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, GatewayReport> | null;
  const results: GatewayResults = {};
  for (const [key, report] of Object.entries(parsed ?? {})) {
    if (/^node\d+$/.test(key)) results[key] = report;
  }
  return results;
}

process.exitCode = await main();
