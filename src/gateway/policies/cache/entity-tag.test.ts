import { describe, expect, it } from 'vitest';

import { computeEntityTag, ifNoneMatchMatches } from './entity-tag.js';

describe('computeEntityTag', () => {
  it('is a quoted, strong, 27-character base64url digest that changes with the bytes', () => {
    const tag = computeEntityTag(Buffer.from('{"id":"42"}'));
    expect(tag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(computeEntityTag(Buffer.from('{"id":"42"}'))).toBe(tag);
    expect(computeEntityTag(Buffer.from('{"id":"43"}'))).not.toBe(tag);
  });
});

describe('ifNoneMatchMatches', () => {
  const cases = [
    { field: undefined, tag: '"a"', want: false },
    { field: '"a"', tag: '"a"', want: true },
    { field: 'W/"a"', tag: '"a"', want: true },
    { field: '"a"', tag: 'W/"a"', want: true },
    { field: '"b", W/"a"', tag: '"a"', want: true },
    { field: '"b","c"', tag: '"a"', want: false },
    { field: '"a,b"', tag: '"a,b"', want: true },
    { field: '"a,b"', tag: '"a"', want: false },
    { field: ' * ', tag: '"a"', want: true },
    { field: 'a', tag: '"a"', want: false },
    { field: '', tag: '"a"', want: false },
    { field: '"a"', tag: 'not-a-tag', want: false },
  ];
  it.each(cases)('$field against $tag is $want', ({ field, tag, want }) => {
    expect(ifNoneMatchMatches(field, tag)).toBe(want);
  });
});
