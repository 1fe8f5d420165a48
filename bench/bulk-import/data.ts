import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const SEGMENTS = ['smb', 'mid-market', 'large', 'public-sector'];

/** Writes a CSV of `rows` distinct canonical organizations to `path`, streamed. */
export async function writeOrganizationsCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('legalName,domain,segment,status\n');
  for (let n = 1; n <= rows; n += 1) {
    const line = `"Organization ${n}, Ltd",org-${n}.example,${SEGMENTS[n % 4]},customer\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return out.bytesWritten;
}
