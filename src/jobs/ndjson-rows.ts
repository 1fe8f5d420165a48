import type { Readable } from 'node:stream';

import { decodeUtf8, tooLongReason, type SourceLimits, type SourceRow } from './source-row.js';

const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Streams the rows of an NDJSON upload: one JSON object per line, `\n` or `\r\n` ends a line,
 * blank lines are skipped, a UTF-8 byte-order mark is skipped. A line that is not valid UTF-8,
 * not JSON, not an object, or longer than `maxRowBytes` becomes a row with a reason; the bytes of
 * an over-long line are dropped as they arrive, so it never sits in memory whole.
 */
export async function* readNdjsonRows(
  input: Readable,
  limits: SourceLimits,
): AsyncGenerator<SourceRow> {
  const splitter = new LineSplitter(limits.maxRowBytes);
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (const line of splitter.push(chunk)) {
      const row = toRow(line, limits.maxRowBytes);
      if (row) yield row;
    }
  }
  const last = splitter.end();
  const row = last && toRow(last, limits.maxRowBytes);
  if (row) yield row;
}

interface RawLine {
  line: number;
  bytesRead: number;
  /** Undefined when the line was longer than the limit. */
  bytes: Buffer | undefined;
}

class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private overflow = false;
  private line = 1;
  private offset = 0;
  private first = true;

  constructor(private readonly maxBytes: number) {}

  *push(chunk: Buffer): Generator<RawLine> {
    let data = chunk;
    if (this.first && data.length > 0) {
      this.first = false;
      if (data.subarray(0, 3).equals(BOM)) {
        data = data.subarray(3);
        this.offset += 3;
      }
    }
    let start = 0;
    for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
      this.append(data.subarray(start, end));
      this.offset += end + 1 - start;
      yield this.take();
      start = end + 1;
    }
    this.append(data.subarray(start));
    this.offset += data.length - start;
  }

  end(): RawLine | undefined {
    return this.pendingBytes === 0 && !this.overflow ? undefined : this.take();
  }

  private append(part: Buffer): void {
    if (this.overflow || part.length === 0) return;
    if (this.pendingBytes + part.length > this.maxBytes) {
      this.overflow = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(part);
    this.pendingBytes += part.length;
  }

  private take(): RawLine {
    const bytes = this.overflow ? undefined : Buffer.concat(this.pending, this.pendingBytes);
    const raw = { line: this.line, bytesRead: this.offset, bytes };
    this.line += 1;
    this.pending = [];
    this.pendingBytes = 0;
    this.overflow = false;
    return raw;
  }
}

function toRow(raw: RawLine, maxRowBytes: number): SourceRow | undefined {
  const row = { line: raw.line, bytesRead: raw.bytesRead };
  if (raw.bytes === undefined) return { ...row, reason: tooLongReason(maxRowBytes) };
  const text = decodeUtf8(raw.bytes);
  if (text === undefined) return { ...row, reason: 'the line is not valid UTF-8' };
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ...row, reason: `the line is not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ...row, reason: 'the line is not a JSON object' };
  }
  return { ...row, record: value as Record<string, unknown> };
}
