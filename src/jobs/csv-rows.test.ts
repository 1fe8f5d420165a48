import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { readCsvRows } from './csv-rows.js';
import { canonicalDocument } from './row-validator.js';
import type { SourceRow } from './source-row.js';

async function rowsOf(input: Buffer, delimiter = ','): Promise<SourceRow[]> {
  const source = {
    delimiter,
    document: canonicalDocument(),
    schema: 'OrganizationCreate',
    maxRowBytes: 64,
  };
  const rows: SourceRow[] = [];
  for await (const row of readCsvRows(Readable.from([input]), source)) rows.push(row);
  return rows;
}

describe('readCsvRows', () => {
  it.each([
    [
      'a byte-order mark, a custom delimiter and dotted columns',
      Buffer.from('\uFEFFlegalName;addresses.0.city;addresses.0.country\nAcme;Berlin;DE\n'),
      ';',
      [
        {
          line: 2,
          bytesRead: 65,
          record: { legalName: 'Acme', addresses: [{ city: 'Berlin', country: 'DE' }] },
        },
      ],
    ],
    [
      'a quoted field with newlines, counted from the line the row starts on',
      Buffer.from('legalName,domain\n"Two\nlines",a.example\n\nNext,b.example\n'),
      ',',
      [
        { line: 2, bytesRead: 39, record: { legalName: 'Two\nlines', domain: 'a.example' } },
        { line: 5, bytesRead: 55, record: { legalName: 'Next', domain: 'b.example' } },
      ],
    ],
    [
      'a JSON cell for an array field, and empty cells left out',
      Buffer.from('legalName,externalRefs,domain\nAcme,"[{""system"":""crm"",""id"":""7""}]",\n'),
      ',',
      [
        {
          line: 2,
          bytesRead: 74,
          record: { legalName: 'Acme', externalRefs: [{ system: 'crm', id: '7' }] },
        },
      ],
    ],
    [
      'invalid UTF-8, a bad JSON cell, too many cells and a row over the limit',
      Buffer.concat([
        Buffer.from('legalName,externalRefs\n'),
        Buffer.from([0x41, 0xff, 0x0a]),
        Buffer.from('Acme,[oops\nAcme,,extra\n'),
        Buffer.from(`${'x'.repeat(70)}\n`),
      ]),
      ',',
      [
        { line: 2, bytesRead: 26, reason: 'the field of column "legalName" is not valid UTF-8' },
        { line: 3, bytesRead: 37, reason: 'column "externalRefs" expects JSON, got "[oops"' },
        { line: 4, bytesRead: 49, reason: 'the row has 3 fields, the header names 2 columns' },
        {
          line: 5,
          bytesRead: 120,
          reason: 'the row is larger than 64 bytes; shorten its fields or split it',
        },
      ],
    ],
  ])('reads %s', async (_case, input, delimiter, want) => {
    expect(await rowsOf(input, delimiter)).toStrictEqual(want);
  });

  it('reads nothing from an empty upload or one with only a header', async () => {
    expect(await rowsOf(Buffer.alloc(0))).toStrictEqual([]);
    expect(await rowsOf(Buffer.from('legalName\n'))).toStrictEqual([]);
  });
});
