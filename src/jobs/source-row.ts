import { isUtf8 } from 'node:buffer';

/** One data row of an upload: where it starts, how far the upload is read, and its content. */
export type SourceRow = {
  /** The 1-based line of the upload the row starts on (the CSV header is line 1). */
  line: number;
  /** Bytes of the upload read up to the end of this row. */
  bytesRead: number;
} & ({ record: Record<string, unknown> } | { reason: string });

/** How uploads are read. */
export interface SourceLimits {
  /** Rows longer than this are rejected into the report and skipped. */
  maxRowBytes: number;
}

/** The default row limit: 1 MiB. */
export const DEFAULT_MAX_ROW_BYTES = 1_048_576;

/** The reason a row over `maxRowBytes` is rejected with. */
export function tooLongReason(maxRowBytes: number): string {
  return `the row is larger than ${maxRowBytes} bytes; shorten its fields or split it`;
}

/** Decodes UTF-8, or returns undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  // Decoding replaces broken sequences with U+FFFD; only then is the slower exact check needed.
  if (!text.includes('\uFFFD') || isUtf8(bytes)) return text;
  return undefined;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The bytes of an upload without a leading UTF-8 byte-order mark; `skipped` learns how many
 * bytes were dropped (0 or 3).
 */
export async function* withoutBom(
  input: AsyncIterable<Buffer>,
  skipped: (bytes: number) => void,
): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let decided = false;
  for await (const chunk of input) {
    if (decided) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
    decided = true;
    const bom = head.subarray(0, BOM.length).equals(BOM);
    skipped(bom ? BOM.length : 0);
    yield bom ? head.subarray(BOM.length) : head;
  }
  if (!decided && head.length > 0) yield head;
}
