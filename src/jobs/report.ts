import { Readable } from 'node:stream';

import { stringify } from 'csv-stringify/sync';

import type { Store } from '../store/index.js';
import { jobsDb } from './job-store.js';

/** The report formats. */
export type ReportFormat = 'csv' | 'ndjson';

const PAGE = 1_000;

/** One rejected row: its line in the upload and why it was refused. */
export interface Rejection {
  line: number;
  reason: string;
}

/** Every rejection of a job in line order, read a page at a time. */
export async function* readRejections(store: Store, jobId: string): AsyncGenerator<Rejection> {
  let after = 0;
  for (;;) {
    const rows = await jobsDb(store)
      .selectFrom('job_rejections')
      .select(['line', 'reason'])
      .where('job_id', '=', jobId)
      .where('line', '>', after)
      .orderBy('line')
      .limit(PAGE)
      .execute();
    for (const row of rows) yield { line: Number(row.line), reason: row.reason };
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return;
    after = Number(last.line);
  }
}

/** The report of a job as a stream: CSV with a `line,reason` header, or NDJSON. */
export function reportStream(store: Store, jobId: string, format: ReportFormat): Readable {
  async function* lines() {
    if (format === 'csv') yield 'line,reason\n';
    for await (const rejection of readRejections(store, jobId)) {
      yield format === 'csv'
        ? stringify([[rejection.line, rejection.reason]])
        : `${JSON.stringify(rejection)}\n`;
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
