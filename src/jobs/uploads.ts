import { Readable } from 'node:stream';

import type { Store } from '../store/index.js';
import { jobsDb } from './job-store.js';

/** Bytes per stored chunk of an upload. */
const CHUNK_BYTES = 1_048_576;

/**
 * Streams an upload into the database in chunks of 1 MiB and resolves with its size, so any
 * process that shares the database can resume the job after a crash. On failure the chunks
 * already written are removed.
 */
export async function storeUpload(
  store: Store,
  jobId: string,
  body: AsyncIterable<Buffer | string>,
) {
  let seq = 0;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const write = async () => {
    const data = Buffer.concat(pending, pendingBytes).toString('base64');
    await jobsDb(store).insertInto('job_uploads').values({ job_id: jobId, seq, data }).execute();
    seq += 1;
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const part of body) {
      const chunk = typeof part === 'string' ? Buffer.from(part) : part;
      bytes += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= CHUNK_BYTES) await write();
    }
    if (pendingBytes > 0) await write();
  } catch (err) {
    await removeUpload(store, jobId);
    throw err;
  }
  return bytes;
}

/** Reads a stored upload back as a stream of bytes, one chunk in memory at a time. */
export function openUpload(store: Store, jobId: string): Readable {
  async function* chunks() {
    for (let seq = 0; ; seq += 1) {
      const row = await jobsDb(store)
        .selectFrom('job_uploads')
        .select('data')
        .where('job_id', '=', jobId)
        .where('seq', '=', seq)
        .executeTakeFirst();
      if (row === undefined) return;
      yield Buffer.from(row.data, 'base64');
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** Deletes a stored upload; a missing one is fine. */
export async function removeUpload(store: Store, jobId: string): Promise<void> {
  await jobsDb(store).deleteFrom('job_uploads').where('job_id', '=', jobId).execute();
}
