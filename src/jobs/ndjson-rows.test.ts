import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { readNdjsonRows } from './ndjson-rows.js';
import type { SourceRow } from './source-row.js';

async function rowsOf(chunks: Buffer[]): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readNdjsonRows(Readable.from(chunks), { maxRowBytes: 32 })) {
    rows.push(row);
  }
  return rows;
}

describe('readNdjsonRows', () => {
  it.each([
    [
      'objects split across chunks, a byte-order mark, CRLF and blank lines',
      [Buffer.from('\uFEFF{"a":'), Buffer.from('1}\r\n\n{"b":2}')],
      [
        { line: 1, bytesRead: 12, record: { a: 1 } },
        { line: 3, bytesRead: 20, record: { b: 2 } },
      ],
    ],
    [
      'lines that are not JSON objects, not UTF-8 or over the limit',
      [
        Buffer.from('[1]\nnope\n'),
        Buffer.from([0x22, 0xff, 0x22, 0x0a]),
        Buffer.from(`"${'x'.repeat(40)}"\n{"ok":true}\n`),
      ],
      [
        { line: 1, bytesRead: 4, reason: 'the line is not a JSON object' },
        {
          line: 2,
          bytesRead: 9,
          reason: 'the line is not JSON: Unexpected token \'o\', "nope" is not valid JSON',
        },
        { line: 3, bytesRead: 13, reason: 'the line is not valid UTF-8' },
        {
          line: 4,
          bytesRead: 56,
          reason: 'the row is larger than 32 bytes; shorten its fields or split it',
        },
        { line: 5, bytesRead: 68, record: { ok: true } },
      ],
    ],
  ])('reads %s', async (_case, chunks, want) => {
    expect(await rowsOf(chunks)).toStrictEqual(want);
  });

  it('reads nothing from an empty upload', async () => {
    expect(await rowsOf([])).toStrictEqual([]);
  });
});
