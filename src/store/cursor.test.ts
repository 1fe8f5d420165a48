import { describe, expect, it } from 'vitest';

import { decodeCursor, encodeCursor } from './cursor.js';
import { InvalidCursorError } from './errors.js';

const encode = (text: string) => Buffer.from(text).toString('base64url');

describe('cursor', () => {
  it('decodes the position it encoded', () => {
    const position = { createdAt: '2024-01-01T00:00:00.000Z', id: 'acc/ü 1' };
    expect(decodeCursor(encodeCursor(position))).toStrictEqual(position);
  });

  it.each([
    ['an empty string', ''],
    ['standard base64 padding', `${encode('["a","b"]')}=`],
    ['non-JSON', encode('{oops')],
    ['an object', encode('{"createdAt":"a","id":"b"}')],
    ['a pair of numbers', encode('[1,2]')],
    ['three strings', encode('["a","b","c"]')],
  ])('rejects %s with InvalidCursorError', (_given, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });
});
