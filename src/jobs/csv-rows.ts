import { Readable } from 'node:stream';

import { parse, type Info } from 'csv-parse';

import { buildRecord, mapColumns, type CsvColumn } from './csv-columns.js';
import type { CanonicalDocument } from './row-validator.js';
import {
  decodeUtf8,
  tooLongReason,
  withoutBom,
  type SourceLimits,
  type SourceRow,
} from './source-row.js';

/** What a CSV upload is read with. */
export interface CsvSource extends SourceLimits {
  delimiter: string;
  document: CanonicalDocument;
  /** The create schema the header's columns name fields of. */
  schema: string;
}

/** Rows longer than this end the job: csv-parse cannot skip a record it refused to buffer. */
const MAX_RECORD_BYTES = 64 * 1_048_576;

/**
 * Streams the data rows of a CSV upload (RFC 4180: quoted fields may hold delimiters, quotes and
 * newlines; a UTF-8 byte-order mark is skipped; empty lines are skipped). The first row is the
 * header. A row with invalid UTF-8, too many cells, a bad JSON cell or more than `maxRowBytes`
 * becomes a row with a reason; a syntax error the parser cannot recover from throws.
 */
export async function* readCsvRows(input: Readable, source: CsvSource): AsyncGenerator<SourceRow> {
  let offset = 0;
  const bytes = Readable.from(
    withoutBom(input, (skipped) => (offset = skipped)),
    { objectMode: false },
  );
  // Not csv-parse's own `bom` option: finding a mark, it starts decoding cells as text, and
  // invalid UTF-8 could no longer be told from the replacement character.
  const parser = bytes.pipe(
    parse({
      delimiter: source.delimiter,
      encoding: null,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  bytes.on('error', (err) => parser.destroy(err));
  let columns: CsvColumn[] | undefined;
  let previous = { lines: 0, emptyLines: 0, bytes: 0 };
  for await (const { record, info } of parser as AsyncIterable<{ record: Buffer[]; info: Info }>) {
    const line = previous.lines + 1 + (info.empty_lines - previous.emptyLines);
    const size = info.bytes - previous.bytes;
    previous = { lines: info.lines, emptyLines: info.empty_lines, bytes: info.bytes };
    const row = { line, bytesRead: offset + info.bytes };
    if (columns === undefined) {
      columns = mapColumns(
        record.map((cell) => cell.toString('utf8')),
        source.document,
        source.schema,
      );
      continue;
    }
    if (size > source.maxRowBytes) {
      yield { ...row, reason: tooLongReason(source.maxRowBytes) };
      continue;
    }
    const cells = decodeCells(record, columns);
    yield typeof cells === 'string'
      ? { ...row, reason: cells }
      : withRecord(row, buildRecord(columns, cells));
  }
}

function decodeCells(record: readonly Buffer[], columns: readonly CsvColumn[]): string[] | string {
  const cells: string[] = [];
  for (const [index, bytes] of record.entries()) {
    const cell = decodeUtf8(bytes);
    const header = columns[index]?.header ?? `#${index + 1}`;
    if (cell === undefined) return `the field of column "${header}" is not valid UTF-8`;
    cells.push(cell);
  }
  return cells;
}

function withRecord(
  row: { line: number; bytesRead: number },
  built: Record<string, unknown> | string,
): SourceRow {
  return typeof built === 'string' ? { ...row, reason: built } : { ...row, record: built };
}
