// The byte-level tables of the JSON grammar (RFC 8259) the scanner looks things up in.
import { RESERVED_NAMES } from './scan-messages.js';

/** The bytes that may follow a backslash, besides `u`: `" \\ / b f n r t`. */
export const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/** The weight of the bytes that end a run of plain string characters. */
export const STOP = 2;

/**
 * What one byte of a string adds to its length in code points: UTF-8 continuation bytes add
 * nothing; quote, backslash and control characters (`STOP`) end a run of plain characters.
 */
export const CHARACTER_WEIGHT = Uint8Array.from({ length: 256 }, (_, byte) => {
  if (byte < 0x20 || byte === 0x22 || byte === 0x5c) return STOP;
  return (byte & 0xc0) === 0x80 ? 0 : 1;
});

/** The literals by their first byte. */
export const LITERALS: Readonly<Record<number, Buffer>> = {
  0x74: Buffer.from('true'),
  0x66: Buffer.from('false'),
  0x6e: Buffer.from('null'),
};

/** The literal of a scanner that is not in one. */
export const NO_LITERAL = Buffer.alloc(0);

/**
 * The lengths of the reserved names. They are ASCII, so only property names of these lengths
 * that start with one of `RESERVED_FIRST_BYTES` need decoding to be compared.
 */
export const RESERVED_LENGTHS = new Set(RESERVED_NAMES.map((name) => name.length));
/** The first letters of the reserved names, and the backslash of an escape. */
export const RESERVED_FIRST_BYTES = new Set([
  0x5c,
  ...RESERVED_NAMES.map((name) => name.charCodeAt(0)),
]);

/** The value of a hexadecimal digit byte, or -1. */
export function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** JSON whitespace: space, tab, line feed, carriage return. */
export function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** An ASCII digit. */
export function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}
