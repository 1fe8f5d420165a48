import { InvalidCursorError } from './errors.js';

/** The keyset position of the last record on a page. */
export interface CursorPosition {
  readonly createdAt: string;
  readonly id: string;
}

/** Encodes a position as an opaque base64url string that `decodeCursor` accepts. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

/** Decodes a cursor from `encodeCursor`; anything else throws InvalidCursorError. */
export function decodeCursor(cursor: string): CursorPosition {
  // Node's base64url decoder skips foreign characters instead of failing, so check first.
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError(cursor);

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (err) {
    throw new InvalidCursorError(cursor, { cause: err });
  }
  if (!isPair(parsed)) throw new InvalidCursorError(cursor);
  return { createdAt: parsed[0], id: parsed[1] };
}

function isPair(value: unknown): value is [string, string] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string'
  );
}
