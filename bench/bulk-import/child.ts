// One measurement of the bulk-import benchmark, in its own process so that its peak memory is
// its own: `import` runs Junction's import job over a stored upload of the CSV; `raw-sqlite`
// inserts the same rows with one prepared statement, one transaction per batch; `copy-postgres`
// streams them into the same table with COPY. Prints one JSON line: rows, milliseconds, max RSS.
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import { runImport } from '../../src/jobs/import-job.js';
import { JOB_RUNNER_DEFAULTS } from '../../src/jobs/job-runner.js';
import { claimJob, createImportJob, getJob } from '../../src/jobs/job-store.js';
import { importedRecordId } from '../../src/jobs/row-ids.js';
import { DEFAULT_MAX_ROW_BYTES } from '../../src/jobs/source-row.js';
import { storeUpload } from '../../src/jobs/uploads.js';
import { openStore } from '../../src/store/index.js';

type Mode = 'import' | 'raw-sqlite' | 'copy-postgres';

const [mode, csvPath, dataDir, databaseUrl = ''] = process.argv.slice(2) as [
  Mode,
  string,
  string,
  string?,
];
const BATCH = JOB_RUNNER_DEFAULTS.batchSize;
const COLUMNS = ['id', 'business_key', 'created_at', 'updated_at', 'body', 'status', 'domain'];

const JOB_ID = 'job_bench';
let line = 1;

/**
 * The row an import stores for one CSV record, built the plain way, with the id the import gives
 * the same line (the file has a header and no quoted line breaks, so record n is on line n + 1).
 */
function rowOf(record: string[]): unknown[] {
  const [legalName, domain, segment, status] = record;
  const now = new Date().toISOString();
  line += 1;
  const id = importedRecordId(JOB_ID, line);
  const fields = { legalName, domain, segment, status, type: 'standard', addresses: [] };
  const body = JSON.stringify({ id, ...fields, externalRefs: [], createdAt: now, updatedAt: now });
  return [id, null, now, now, body, status, domain];
}

function csvRecords() {
  return createReadStream(csvPath).pipe(parse({ from_line: 2 }));
}

async function importJob(): Promise<number> {
  const store = await openStore({ databaseUrl, dataDir });
  const uploadBytes = await storeUpload(store, JOB_ID, createReadStream(csvPath));
  const format = 'csv';
  const options = { delimiter: ',' };
  await createImportJob(store, {
    id: JOB_ID,
    entity: 'organizations',
    format,
    options,
    uploadBytes,
  });
  const job = await claimJob(store, 'bench', 600_000);
  if (!job) throw new Error('expected to claim the benchmark job');
  const started = performance.now();
  await runImport(job, {
    store,
    holder: 'bench',
    leaseMs: 600_000,
    batchSize: BATCH,
    maxRowBytes: DEFAULT_MAX_ROW_BYTES,
  });
  const elapsed = performance.now() - started;
  const done = await getJob(store, JOB_ID);
  await store.close();
  if (done?.progress.rowsRejected !== 0) throw new Error('expected every benchmark row accepted');
  return elapsed;
}

async function rawSqlite(): Promise<number> {
  const store = await openStore({ dataDir });
  await store.close();
  const require = createRequire(import.meta.url);
  // better-sqlite3 ships no types; this is the part the baseline uses.
  const Database = require('better-sqlite3') as new (file: string) => {
    pragma(source: string): unknown;
    prepare(source: string): { run(values: unknown[]): unknown };
    transaction(work: (rows: unknown[][]) => void): (rows: unknown[][]) => void;
    close(): void;
  };
  const db = new Database(join(dataDir, 'junction.db'));
  db.pragma('journal_mode = WAL');
  const placeholders = COLUMNS.map(() => '?').join(', ');
  const insert = db.prepare(
    `insert into canonical_organizations (${COLUMNS.join(', ')}) values (${placeholders})`,
  );
  const insertBatch = db.transaction((rows) => {
    for (const row of rows) insert.run(row);
  });
  const started = performance.now();
  let batch: unknown[][] = [];
  for await (const record of csvRecords() as AsyncIterable<string[]>) {
    batch.push(rowOf(record));
    if (batch.length < BATCH) continue;
    insertBatch(batch);
    batch = [];
  }
  if (batch.length > 0) insertBatch(batch);
  const elapsed = performance.now() - started;
  db.close();
  return elapsed;
}

async function copyPostgres(): Promise<number> {
  const store = await openStore({ databaseUrl, dataDir });
  await store.close();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = performance.now();
  const copy = client.query(
    copyFrom(`copy canonical_organizations (${COLUMNS.join(', ')}) from stdin (format csv)`),
  );
  const toRows = new Transform({
    objectMode: true,
    transform(record: string[], _encoding, done) {
      done(null, rowOf(record));
    },
  });
  await pipeline(csvRecords(), toRows, stringify(), copy);
  const elapsed = performance.now() - started;
  await client.end();
  return elapsed;
}

const run = { import: importJob, 'raw-sqlite': rawSqlite, 'copy-postgres': copyPostgres }[mode];
const ms = await run();
const maxRssKb = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify({ mode, ms, maxRssKb })}\n`);
