import { createHash } from 'node:crypto';

/**
 * The id of the record an import makes from one line: a UUID (version 8, RFC 9562 section 5.8)
 * hashed from the job id and line, so importing a line again can never make a second record.
 */
export function importedRecordId(jobId: string, line: number, purpose = 'record'): string {
  const hex = createHash('sha256').update(`${jobId}:${line}:${purpose}`).digest('hex');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
