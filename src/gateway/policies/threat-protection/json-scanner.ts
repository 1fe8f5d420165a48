import type { BodyLimits } from '../../policy.js';
import {
  describeByte,
  jsonPointer,
  limitDetail,
  malformedDetail,
  RESERVED_NAMES,
  reservedKeyDetail,
} from './scan-messages.js';
import type { ScanFailure } from './scan-messages.js';
import {
  CHARACTER_WEIGHT,
  hexValue,
  isDigit,
  isWhitespace,
  LITERALS,
  NO_LITERAL,
  RESERVED_FIRST_BYTES,
  RESERVED_LENGTHS,
  SIMPLE_ESCAPES,
  STOP,
} from './json-grammar.js';

export type { ScanFailure } from './scan-messages.js';

/** The structural limits the JSON scanner enforces; `maxBytes` is the reader's concern. */
export type JsonLimits = Omit<BodyLimits, 'maxBytes'>;

// Structural states (whitespace is skipped in these) come first, so one comparison finds them.
const VALUE = 0;
const FIRST_ITEM = 1;
const FIRST_KEY = 2;
const KEY = 3;
const COLON = 4;
const AFTER_VALUE = 5;
const STRING = 6;
const KEY_STRING = 7;
const ESCAPE = 8;
const UNICODE = 9;
const MINUS = 10;
const ZERO = 11;
const INTEGER = 12;
const DOT = 13;
const FRACTION = 14;
const EXPONENT = 15;
const EXPONENT_SIGN = 16;
const EXPONENT_DIGITS = 17;
const LITERAL = 18;

const OBJECT = 1;
const ARRAY = 2;

const EXPECTED: Readonly<Record<number, string>> = {
  [VALUE]: 'a JSON value',
  [FIRST_ITEM]: "a value or ']'",
  [FIRST_KEY]: "a property name in double quotes or '}'",
  [KEY]: 'a property name in double quotes',
  [COLON]: "':' after the property name",
  [STRING]: "'\"' to close the string",
  [KEY_STRING]: "'\"' to close the property name",
  [ESCAPE]:
    'an escape sequence (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits)',
  [UNICODE]: 'a hexadecimal digit of a \\u escape',
  [MINUS]: "a digit after '-'",
  [DOT]: 'a digit after the decimal point',
  [EXPONENT]: "a digit, '+' or '-' in the exponent",
  [EXPONENT_SIGN]: 'a digit in the exponent',
};

/**
 * Checks a JSON body chunk by chunk as it arrives, without building any value: a small state
 * machine over the bytes (RFC 8259 grammar) that enforces the structural limits and refuses the
 * reserved property names `__proto__`, `constructor` and `prototype`. It fails on the chunk where
 * a limit is crossed and keeps only a stack as deep as `maxDepth`, so a body nested ten thousand
 * levels deep costs no recursion. Once `end()` reports no failure the bytes are valid JSON within
 * the limits and `JSON.parse` of `text()` succeeds.
 *
 * Depth counts containers: a top-level scalar has depth 0, `{}` depth 1, `{"a":[]}` depth 2.
 * String and property-name lengths count Unicode code points, as JSON Schema `maxLength` does: a
 * multi-byte UTF-8 sequence split across chunks counts once, an escape counts as the character it
 * stands for, and an escaped surrogate pair counts as one character.
 */
export class JsonScanner {
  private readonly chunks: Buffer[] = [];
  private offset = 0;
  private state = VALUE;
  private failure: ScanFailure | undefined;
  private depth = 0;
  // Per nesting level: container kind, entries or elements so far, span of the current key.
  private readonly kinds: number[] = [0];
  private readonly counts: number[] = [0];
  private readonly keyStarts: number[] = [0];
  private readonly keyEnds: number[] = [0];
  private length = 0;
  private stringLimit = 0;
  private escapeStart = 0;
  private highSurrogateEnd = -1;
  private unicodeDigits = 0;
  private unicodeValue = 0;
  private stringState = STRING;
  private literal: Buffer = NO_LITERAL;
  private literalIndex = 0;

  constructor(private readonly limits: JsonLimits) {}

  /** Scans the next chunk; returns the failure once the body breaks the grammar or a limit. */
  write(chunk: Buffer): ScanFailure | undefined {
    if (this.failure) return this.failure;
    this.chunks.push(chunk);
    this.failure = this.scan(chunk);
    this.offset += chunk.length;
    return this.failure;
  }

  /** Declares the body complete; returns the failure when it stops before the value ends. */
  end(): ScanFailure | undefined {
    if (this.failure) return this.failure;
    if (this.numberComplete()) this.state = AFTER_VALUE;
    if (this.depth > 0 || this.state !== AFTER_VALUE) {
      this.failure = this.malformed(this.offset, undefined);
    }
    return this.failure;
  }

  /** The scanned body as text. */
  text(): string {
    const [only] = this.chunks;
    if (this.chunks.length === 1 && only) return only.toString('utf8');
    return Buffer.concat(this.chunks, this.offset).toString('utf8');
  }

  private scan(chunk: Buffer): ScanFailure | undefined {
    const limits = this.limits;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const byte = chunk[i] ?? 0;
      if (byte <= 0x20 && this.state <= AFTER_VALUE && isWhitespace(byte)) continue;
      switch (this.state) {
        case STRING:
        case KEY_STRING:
          i = this.string(chunk, i);
          if (i < 0) return this.failure;
          break;
        case VALUE:
          i = this.value(chunk, byte, i);
          if (i < 0) return this.failure;
          break;
        case FIRST_ITEM:
          if (byte === 0x5d) {
            this.closeContainer();
            break;
          }
          if (limits.maxArrayLength < 1) return this.tooManyElements(i);
          this.counts[this.depth] = 1;
          i = this.value(chunk, byte, i);
          if (i < 0) return this.failure;
          break;
        case FIRST_KEY:
        case KEY: {
          if (byte === 0x7d && this.state === FIRST_KEY) {
            this.closeContainer();
            break;
          }
          if (byte !== 0x22) return this.malformed(this.offset + i, byte);
          const entries = (this.counts[this.depth] ?? 0) + 1;
          if (entries > limits.maxEntries) return this.tooManyEntries(entries, i);
          this.counts[this.depth] = entries;
          this.keyStarts[this.depth] = this.offset + i;
          this.length = 0;
          this.stringLimit = limits.maxKeyLength;
          this.state = KEY_STRING;
          i = this.string(chunk, i + 1);
          if (i < 0) return this.failure;
          break;
        }
        case COLON:
          if (byte !== 0x3a) return this.malformed(this.offset + i, byte);
          this.state = VALUE;
          break;
        case AFTER_VALUE: {
          const failure = this.afterValue(byte, i);
          if (failure) return failure;
          break;
        }
        case ESCAPE: {
          const failure = this.escape(byte, i);
          if (failure) return failure;
          break;
        }
        case UNICODE: {
          const failure = this.unicodeDigit(byte, i);
          if (failure) return failure;
          break;
        }
        case LITERAL:
          if (byte !== this.literal[this.literalIndex]) {
            return this.malformed(this.offset + i, byte, `'${this.literal.toString()}'`);
          }
          if (++this.literalIndex === this.literal.length) this.state = AFTER_VALUE;
          break;
        default:
          if (this.number(byte)) break;
          if (!this.numberComplete()) return this.malformed(this.offset + i, byte);
          // The byte ends the number; look at it again as whatever follows a value.
          this.state = AFTER_VALUE;
          i--;
      }
    }
    return undefined;
  }

  /** Starts the value at `i`; returns the index of the last byte consumed, or -1 on a refusal. */
  private value(chunk: Buffer, byte: number, i: number): number {
    if (byte !== 0x22) {
      const failure = this.startValue(byte, i);
      return failure ? this.refuse(failure) : i;
    }
    this.length = 0;
    this.stringLimit = this.limits.maxStringLength;
    this.state = STRING;
    return this.string(chunk, i + 1);
  }

  /**
   * Reads string characters from `from` up to a closing quote, a backslash or the end of the
   * chunk, and the ':' right after a property name. Returns the index of the last byte consumed,
   * or -1 on a refusal.
   */
  private string(chunk: Buffer, from: number): number {
    const before = this.length;
    const end = this.run(chunk, from);
    if (this.length > this.stringLimit) {
      return this.refuse(this.tooLong(this.crossing(chunk, from, before)));
    }
    if (end === chunk.length) return end - 1;
    const byte = chunk[end] ?? 0;
    if (byte === 0x5c) {
      this.startEscape(end);
      return end;
    }
    if (byte !== 0x22) {
      return this.refuse(this.malformed(this.offset + end, byte, 'an escaped control character'));
    }
    if (this.state === STRING) {
      this.state = AFTER_VALUE;
      return end;
    }
    const failure = this.endKey(end);
    if (failure) return this.refuse(failure);
    if (chunk[end + 1] !== 0x3a) return end;
    this.state = VALUE;
    return end + 1;
  }

  private refuse(failure: ScanFailure): number {
    this.failure = failure;
    return -1;
  }

  /** Counts the plain characters from `from` into `length`; returns where the run stops. */
  private run(chunk: Buffer, from: number): number {
    let length = this.length;
    let i = from;
    const n = chunk.length;
    for (; i < n; i++) {
      // In bounds: i < n, and a byte always indexes the 256 entries of the table.
      const weight = CHARACTER_WEIGHT[chunk[i]!]!;
      if (weight === STOP) break;
      length += weight;
    }
    this.length = length;
    return i;
  }

  /** The absolute offset of the character that took a run of `from` past the length limit. */
  private crossing(chunk: Buffer, from: number, before: number): number {
    let length = before;
    let i = from;
    while ((length += CHARACTER_WEIGHT[chunk[i] ?? 0] ?? 0) <= this.stringLimit) i++;
    return this.offset + i;
  }

  /** Starts a value that is not a string. */
  private startValue(byte: number, i: number): ScanFailure | undefined {
    if (byte === 0x7b || byte === 0x5b) {
      if (this.depth + 1 > this.limits.maxDepth) return this.tooDeep(i);
      this.depth++;
      this.kinds[this.depth] = byte === 0x7b ? OBJECT : ARRAY;
      this.counts[this.depth] = 0;
      this.state = byte === 0x7b ? FIRST_KEY : FIRST_ITEM;
    } else if (byte === 0x2d || isDigit(byte)) {
      this.state = byte === 0x2d ? MINUS : byte === 0x30 ? ZERO : INTEGER;
    } else {
      const literal = LITERALS[byte];
      if (!literal) return this.malformed(this.offset + i, byte, EXPECTED[VALUE]);
      this.literal = literal;
      this.literalIndex = 1;
      this.state = LITERAL;
    }
    return undefined;
  }

  private afterValue(byte: number, i: number): ScanFailure | undefined {
    const kind = this.kinds[this.depth];
    if (byte === 0x2c && kind === OBJECT) {
      this.state = KEY;
    } else if (byte === 0x2c && kind === ARRAY) {
      const elements = (this.counts[this.depth] ?? 0) + 1;
      this.counts[this.depth] = elements;
      if (elements > this.limits.maxArrayLength) return this.tooManyElements(i);
      this.state = VALUE;
    } else if ((byte === 0x7d && kind === OBJECT) || (byte === 0x5d && kind === ARRAY)) {
      this.closeContainer();
    } else {
      return this.malformed(this.offset + i, byte);
    }
    return undefined;
  }

  private closeContainer(): void {
    this.depth--;
    this.state = AFTER_VALUE;
  }

  private numberComplete(): boolean {
    const state = this.state;
    return state === ZERO || state === INTEGER || state === FRACTION || state === EXPONENT_DIGITS;
  }

  /** Advances a number by one byte; false when the byte is not part of it. */
  private number(byte: number): boolean {
    const digit = isDigit(byte);
    const exponent = byte === 0x65 || byte === 0x45;
    switch (this.state) {
      case MINUS:
        if (digit) this.state = byte === 0x30 ? ZERO : INTEGER;
        return digit;
      case ZERO:
      case INTEGER:
        if (digit && this.state === INTEGER) return true;
        if (byte === 0x2e) this.state = DOT;
        else if (exponent) this.state = EXPONENT;
        return byte === 0x2e || exponent;
      case DOT:
        if (digit) this.state = FRACTION;
        return digit;
      case FRACTION:
        if (exponent) this.state = EXPONENT;
        return digit || exponent;
      case EXPONENT:
        if (byte === 0x2b || byte === 0x2d) this.state = EXPONENT_SIGN;
        else if (digit) this.state = EXPONENT_DIGITS;
        return digit || byte === 0x2b || byte === 0x2d;
      default:
        if (digit) this.state = EXPONENT_DIGITS;
        return digit;
    }
  }

  private startEscape(i: number): void {
    this.escapeStart = this.offset + i;
    this.stringState = this.state;
    this.state = ESCAPE;
  }

  private escape(byte: number, i: number): ScanFailure | undefined {
    if (byte === 0x75) {
      this.unicodeDigits = 0;
      this.unicodeValue = 0;
      this.state = UNICODE;
      return undefined;
    }
    if (!SIMPLE_ESCAPES.has(byte)) return this.malformed(this.offset + i, byte);
    this.state = this.stringState;
    return this.addEscapedCharacter(i, true);
  }

  private unicodeDigit(byte: number, i: number): ScanFailure | undefined {
    const digit = hexValue(byte);
    if (digit < 0) return this.malformed(this.offset + i, byte);
    this.unicodeValue = this.unicodeValue * 16 + digit;
    if (++this.unicodeDigits < 4) return undefined;
    const code = this.unicodeValue;
    // A low surrogate escaped right after a high one completes the same character.
    const pairsUp = code >= 0xdc00 && code <= 0xdfff && this.escapeStart === this.highSurrogateEnd;
    this.highSurrogateEnd = code >= 0xd800 && code <= 0xdbff ? this.offset + i + 1 : -1;
    this.state = this.stringState;
    return this.addEscapedCharacter(i, !pairsUp);
  }

  private addEscapedCharacter(i: number, counts: boolean): ScanFailure | undefined {
    if (counts && ++this.length > this.stringLimit) return this.tooLong(this.offset + i);
    return undefined;
  }

  private endKey(i: number): ScanFailure | undefined {
    const end = this.offset + i + 1;
    this.keyEnds[this.depth] = end;
    this.state = COLON;
    if (!RESERVED_LENGTHS.has(this.length)) return undefined;
    const start = this.keyStarts[this.depth] ?? 0;
    // The first character is in this chunk unless the name began in an earlier one.
    const first =
      start + 1 >= this.offset ? this.chunks.at(-1)?.[start + 1 - this.offset] : undefined;
    if (first !== undefined && !RESERVED_FIRST_BYTES.has(first)) return undefined;
    const name = this.propertyName(start, end);
    if (!RESERVED_NAMES.includes(name)) return undefined;
    const field = { pointer: this.pointer(), message: `"${name}" is a reserved property name` };
    return { code: 'forbidden-key', detail: reservedKeyDetail(name, start), field };
  }

  /** Decodes the property name whose quoted form spans `start` to `end` of the body. */
  private propertyName(start: number, end: number): string {
    const last = this.chunks.at(-1);
    const local = last && start >= this.offset ? last : Buffer.concat(this.chunks);
    const base = local === last ? this.offset : 0;
    const quoted = local.toString('utf8', start - base, end - base);
    return quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
  }

  private tooDeep(i: number): ScanFailure {
    const what = `nesting depth ${this.depth + 1}`;
    return this.limitFailure(what, 'maxDepth', this.offset + i, this.pointer());
  }

  private tooManyEntries(entries: number, i: number): ScanFailure {
    const what = `object entry ${entries}`;
    return this.limitFailure(what, 'maxEntries', this.offset + i, this.pointer(this.depth - 1));
  }

  private tooManyElements(i: number): ScanFailure {
    const what = `array element ${this.limits.maxArrayLength + 1}`;
    const pointer = this.pointer(this.depth - 1);
    return this.limitFailure(what, 'maxArrayLength', this.offset + i, pointer);
  }

  private tooLong(at: number): ScanFailure {
    const key = this.state === KEY_STRING;
    const limit = key ? 'maxKeyLength' : 'maxStringLength';
    const what = `${key ? 'property name' : 'string'} of ${this.stringLimit + 1} characters`;
    return this.limitFailure(what, limit, at, this.pointer(key ? this.depth - 1 : this.depth));
  }

  private limitFailure(
    what: string,
    limit: keyof JsonLimits,
    at: number,
    pointer: string,
  ): ScanFailure {
    const max = this.limits[limit];
    const field = { pointer, message: `exceeds ${limit} of ${max}` };
    return { code: 'body-too-complex', detail: limitDetail(what, at, max, limit), field };
  }

  private malformed(at: number, byte: number | undefined, expected?: string): ScanFailure {
    const wanted = expected ?? this.expected();
    return { code: 'malformed-json', detail: malformedDetail(wanted, at, describeByte(byte)) };
  }

  private expected(): string {
    if (this.state === LITERAL) return `'${this.literal.toString()}'`;
    if (this.state !== AFTER_VALUE) return EXPECTED[this.state] ?? 'a digit';
    const kind = this.kinds[this.depth];
    if (this.depth === 0) return 'the end of the body after the top-level value';
    return kind === OBJECT ? "',' or '}'" : "',' or ']'";
  }

  /** The JSON pointer of the value at nesting level `levels`, read back from the body so far. */
  private pointer(levels = this.depth): string {
    if (levels <= 0) return '';
    const body = Buffer.concat(this.chunks);
    const tokens: string[] = [];
    for (let level = 1; level <= levels; level++) {
      if (this.kinds[level] === ARRAY) {
        tokens.push(String((this.counts[level] ?? 1) - 1));
        continue;
      }
      const key = body.toString('utf8', this.keyStarts[level], this.keyEnds[level]);
      tokens.push(JSON.parse(key) as string);
    }
    return jsonPointer(tokens);
  }
}
