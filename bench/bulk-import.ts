// Bulk import benchmark (`npm run bench:import`): rows per second of Junction's CSV import job
// against a raw batched insert on SQLite and against COPY on PostgreSQL (when DATABASE_URL is
// set), and the import's peak memory for 10x the rows. Every measurement is a child process
// (bench/bulk-import/child.ts) over a fresh database; import and baseline alternate. Writes
// bench/results/bulk-import.json and .md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { createPostgresTestDatabase } from '../src/store/test-databases.js';
import { writeOrganizationsCsv } from './bulk-import/data.js';
import {
  compare,
  formatMarkdown,
  type BulkImportReport,
  type Measurement,
} from './bulk-import/report.js';

const projectDir = resolve(import.meta.dirname, '..');
const resultsDir = join(projectDir, 'bench', 'results');
const child = join(projectDir, 'bench', 'bulk-import', 'child.ts');
const log = (line: string) => process.stderr.write(`${line}\n`);

const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const throughputRows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const memoryRows = { small: 100_000, large: Number(process.env.BENCH_MEMORY_ROWS ?? 1_000_000) };
const databaseUrl = process.env.DATABASE_URL ?? '';

function measure(mode: Measurement['mode'], csv: string, rows: number, url = ''): Measurement {
  const dataDir = mkdtempSync(join(tmpdir(), 'junction-bench-import-'));
  try {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', child, mode, csv, dataDir, url],
      {
        cwd: projectDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (result.status !== 0) throw new Error(`${mode} failed with exit code ${result.status}`);
    const line = JSON.parse(result.stdout.trim()) as Omit<Measurement, 'rows'>;
    log(`  ${mode} ${rows} rows: ${Math.round(line.ms)} ms, max RSS ${line.maxRssKb} kB`);
    return { ...line, rows };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measurePostgres(mode: Measurement['mode'], csv: string): Promise<Measurement> {
  const database = await createPostgresTestDatabase(databaseUrl);
  try {
    return measure(mode, csv, throughputRows, database.options.databaseUrl);
  } finally {
    await database.drop();
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'junction-bench-csv-'));
try {
  const csv = join(scratch, 'throughput.csv');
  await writeOrganizationsCsv(csv, throughputRows);
  const measurements: Measurement[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    log(`round ${round} of ${rounds}`);
    measurements.push(measure('import', csv, throughputRows));
    measurements.push(measure('raw-sqlite', csv, throughputRows));
    if (databaseUrl === '') continue;
    measurements.push(await measurePostgres('import', csv));
    measurements.push(await measurePostgres('copy-postgres', csv));
  }
  const sqliteRuns = measurements.filter((_, index) => databaseUrl === '' || index % 4 < 2);
  const postgresRuns = measurements.filter((_, index) => databaseUrl !== '' && index % 4 >= 2);

  log('peak memory');
  const small = join(scratch, 'small.csv');
  const large = join(scratch, 'large.csv');
  await writeOrganizationsCsv(small, memoryRows.small);
  await writeOrganizationsCsv(large, memoryRows.large);
  const smallRun = measure('import', small, memoryRows.small);
  const largeRun = measure('import', large, memoryRows.large);
  const mb = (kb: number) => Math.round(kb / 1024);
  const memoryRatio = Number((largeRun.maxRssKb / smallRun.maxRssKb).toFixed(2));

  const report: BulkImportReport = {
    measuredAt: new Date().toISOString(),
    node: process.versions.node,
    loadAverage: loadavg(),
    rounds,
    throughputRows,
    memoryRows,
    sqlite: compare(sqliteRuns, 'raw-sqlite', 0.5),
    postgres: databaseUrl === '' ? null : compare(postgresRuns, 'copy-postgres', 0.5),
    memory: {
      smallMaxRssMb: mb(smallRun.maxRssKb),
      largeMaxRssMb: mb(largeRun.maxRssKb),
      ratio: memoryRatio,
      target: 1.3,
      met: memoryRatio <= 1.3,
    },
    measurements: [...measurements, smallRun, largeRun],
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'bulk-import.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(resultsDir, 'bulk-import.md'), formatMarkdown(report));
  process.stdout.write(formatMarkdown(report));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
