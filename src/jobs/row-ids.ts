import { createHash } from 'node:crypto';

/**
 * The id of the record an import makes from one line: a UUID (version 8, RFC 9562 section 5.8)
 * made of a hash of the job id and the line number, so importing a line again can never make a
 * second record. The hash leads and the line follows, so the ids of one job sort by line and
 * each batch adds to the end of the table's key index instead of writing all over it.
 */
export function importedRecordId(jobId: string, line: number, purpose = 'record'): string {
  if (!Number.isSafeInteger(line) || line < 0 || line >= 2 ** 36) {
    throw new RangeError(`expected a line number from 0 to 2^36 - 1, got ${line}`);
  }
  const job = jobHash(`${jobId}:${purpose}`);
  const at = line.toString(16).padStart(9, '0');
  // 84 bits of the job's hash, the version nibble 8, 36 bits of line, the variant nibble 9 (10xx).
  return [
    job.slice(0, 8),
    job.slice(8, 12),
    `8${at.slice(0, 3)}`,
    `9${at.slice(3, 6)}`,
    `${at.slice(6, 9)}${job.slice(12, 21)}`,
  ].join('-');
}

// An import asks for one job's ids row after row: keep the last job's hash.
let last = { key: '', hex: '' };

function jobHash(key: string): string {
  if (last.key !== key) last = { key, hex: createHash('sha256').update(key).digest('hex') };
  return last.hex;
}
