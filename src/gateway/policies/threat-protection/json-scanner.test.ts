import { describe, expect, it } from 'vitest';

import { DEFAULT_BODY_LIMITS } from './index.js';
import { JsonScanner } from './json-scanner.js';
import type { JsonLimits, ScanFailure } from './json-scanner.js';

const TIGHT: JsonLimits = {
  maxDepth: 3,
  maxEntries: 3,
  maxKeyLength: 5,
  maxStringLength: 5,
  maxArrayLength: 3,
};

const HUGE: JsonLimits = {
  maxDepth: 1e6,
  maxEntries: 1e6,
  maxKeyLength: 1e6,
  maxStringLength: 1e6,
  maxArrayLength: 1e6,
};

/** Scans `text` in chunks of `size` bytes (the whole body at once by default). */
function scan(text: string, limits: JsonLimits = TIGHT, size = Infinity): ScanFailure | undefined {
  const bytes = Buffer.from(text);
  const scanner = new JsonScanner(limits);
  const step = Math.min(size, Math.max(bytes.length, 1));
  for (let at = 0; at < bytes.length; at += step) {
    const failure = scanner.write(bytes.subarray(at, at + step));
    if (failure) return failure;
  }
  return scanner.end();
}

function parsesAsJson(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** The same verdict whole and byte by byte: the scanner may not depend on chunk boundaries. */
function scanBothWays(text: string, limits: JsonLimits = TIGHT): ScanFailure | undefined {
  const whole = scan(text, limits);
  expect(scan(text, limits, 1)).toStrictEqual(whole);
  return whole;
}

function tooComplex(what: string, at: number, limit: keyof JsonLimits, pointer: string) {
  const max = TIGHT[limit];
  return {
    code: 'body-too-complex',
    detail:
      `The body is too complex: ${what} at byte ${at} exceeds the limit of ${max} (${limit}); ` +
      'send a smaller body or ask the API owner to raise the threat-protection limit.',
    field: { pointer, message: `exceeds ${limit} of ${max}` },
  };
}

describe('JsonScanner limits', () => {
  const cases = [
    { name: 'depth at the limit', body: '[[[]]]', want: undefined },
    {
      name: 'depth over the limit',
      body: '{"a":[[{}]]}',
      want: tooComplex('nesting depth 4', 7, 'maxDepth', '/a/0/0'),
    },
    { name: 'entries at the limit', body: '{"a":1,"b":2,"c":3}', want: undefined },
    {
      name: 'entries over the limit',
      body: '[{"a":1,"b":2,"c":3,"d":4}]',
      want: tooComplex('object entry 4', 20, 'maxEntries', '/0'),
    },
    { name: 'property name at the limit', body: '{"abcde":1}', want: undefined },
    {
      name: 'property name over the limit',
      body: '{"a":{"abcdef":1}}',
      want: tooComplex('property name of 6 characters', 12, 'maxKeyLength', '/a'),
    },
    { name: 'string at the limit', body: '["abcde"]', want: undefined },
    {
      name: 'string over the limit',
      body: '{"k":["x","abcdef"]}',
      want: tooComplex('string of 6 characters', 16, 'maxStringLength', '/k/1'),
    },
    { name: 'multi-byte string at the limit', body: '"éé€😀é"', want: undefined },
    {
      name: 'multi-byte string over the limit',
      body: '"éé€😀éé"',
      want: tooComplex('string of 6 characters', 14, 'maxStringLength', ''),
    },
    { name: 'escapes counted as characters', body: '"\\u00e9\\n\\t\\"\\\\"', want: undefined },
    {
      name: 'escapes over the limit',
      body: '"\\n\\n\\n\\n\\n\\n"',
      want: tooComplex('string of 6 characters', 12, 'maxStringLength', ''),
    },
    {
      name: 'an escaped surrogate pair as one character',
      body: '"\\ud83d\\ude00abcd"',
      want: undefined,
    },
    { name: 'array at the limit', body: '[[],[],[]]', want: undefined },
    {
      name: 'array over the limit',
      body: '{"a":[1,2,3,4]}',
      want: tooComplex('array element 4', 11, 'maxArrayLength', '/a'),
    },
  ];
  for (const { name, body, want } of cases) {
    it(`${want ? 'refuses' : 'accepts'} ${name}, whole or byte by byte`, () => {
      expect(scanBothWays(body)).toStrictEqual(want);
    });
  }

  it('refuses a body 10,000 levels deep at level 33 without recursion', () => {
    const body = '['.repeat(10_000) + ']'.repeat(10_000);
    const failure = scanBothWays(body, DEFAULT_BODY_LIMITS);
    expect(failure?.code).toBe('body-too-complex');
    expect(failure?.detail).toContain('nesting depth 33 at byte 32 exceeds the limit of 32');
    expect(failure?.field?.pointer).toBe('/0'.repeat(32));
  });

  it('stops on the chunk that crosses a limit and ignores later chunks', () => {
    const scanner = new JsonScanner(TIGHT);
    expect(scanner.write(Buffer.from('["ab'))).toBeUndefined();
    const failure = scanner.write(Buffer.from('cdef'));
    expect(failure?.detail).toContain('string of 6 characters at byte 7');
    expect(scanner.write(Buffer.from('"]'))).toBe(failure);
  });

  it('counts a multi-byte character split across chunks once', () => {
    // '"€€€€€"': each € is three bytes; the cuts fall inside characters.
    const bytes = Buffer.from('"€€€€€"');
    const cuts = [0, 2, 3, 5, 9, 12, bytes.length];
    const scanner = new JsonScanner(TIGHT);
    for (let k = 1; k < cuts.length; k++) {
      expect(scanner.write(bytes.subarray(cuts[k - 1], cuts[k]))).toBeUndefined();
    }
    expect(scanner.end()).toBeUndefined();
  });
});

describe('JsonScanner reserved property names', () => {
  const cases = [
    { body: '{"__proto__":{"admin":true}}', name: '__proto__', at: 1, pointer: '/__proto__' },
    { body: '{"a":[{"constructor":1}]}', name: 'constructor', at: 7, pointer: '/a/0/constructor' },
    { body: '{"x":1,"prototype":{}}', name: 'prototype', at: 7, pointer: '/prototype' },
    { body: '{"\\u005f_proto__":1}', name: '__proto__', at: 1, pointer: '/__proto__' },
    {
      body: '{"a/b":{"c~d":{"__proto__":1}}}',
      name: '__proto__',
      at: 15,
      pointer: '/a~1b/c~0d/__proto__',
    },
  ];
  for (const { body, name, at, pointer } of cases) {
    it(`refuses ${body}`, () => {
      expect(scanBothWays(body, HUGE)).toStrictEqual({
        code: 'forbidden-key',
        detail:
          `The property name "${name}" at byte ${at} is reserved: the names "__proto__", ` +
          '"constructor" and "prototype" can alter object prototypes; rename the property.',
        field: { pointer, message: `"${name}" is a reserved property name` },
      });
    });
  }

  it.each([
    '{"__proto":1}',
    '{"constructors":1}',
    '{"Prototype":1}',
    '{"proto__":1}',
    '["__proto__"]',
  ])('accepts %s', (body) => {
    expect(scanBothWays(body, HUGE)).toBeUndefined();
  });
});

describe('JsonScanner grammar', () => {
  const malformed = (expected: string, at: number, found: string) => ({
    code: 'malformed-json',
    detail: `The body is not valid JSON: expected ${expected} at byte ${at}, found ${found}.`,
  });
  const cases = [
    { body: '{"a":1,}', want: malformed('a property name in double quotes', 7, "'}'") },
    { body: '{"a" 1}', want: malformed("':' after the property name", 5, "'1'") },
    { body: '{a:1}', want: malformed(`a property name in double quotes or '}'`, 1, "'a'") },
    { body: '[1 2]', want: malformed("',' or ']'", 3, "'2'") },
    { body: '[1', want: malformed("',' or ']'", 2, 'the end of the body') },
    { body: '01', want: malformed('the end of the body after the top-level value', 1, "'1'") },
    { body: '1.', want: malformed('a digit after the decimal point', 2, 'the end of the body') },
    { body: '-x', want: malformed("a digit after '-'", 1, "'x'") },
    { body: '1e+', want: malformed('a digit in the exponent', 3, 'the end of the body') },
    { body: 'tru', want: malformed("'true'", 3, 'the end of the body') },
    { body: 'nul1', want: malformed("'null'", 3, "'1'") },
    { body: '"a\nb"', want: malformed('an escaped control character', 2, 'byte 0x0a') },
    {
      body: '"\\x"',
      want: malformed(
        'an escape sequence (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u and four hex digits)',
        2,
        "'x'",
      ),
    },
    { body: '"\\u12g4"', want: malformed('a hexadecimal digit of a \\u escape', 5, "'g'") },
    { body: '"abc', want: malformed(`'"' to close the string`, 4, 'the end of the body') },
    { body: '   ', want: malformed('a JSON value', 3, 'the end of the body') },
    { body: "{'a':1}", want: malformed(`a property name in double quotes or '}'`, 1, "'''") },
  ];
  for (const { body, want } of cases) {
    it(`refuses ${JSON.stringify(body)} naming what it expected and where`, () => {
      expect(scanBothWays(body, HUGE)).toStrictEqual(want);
    });
  }

  it('accepts every JSON value and leaves JSON.parse to build it', () => {
    const body =
      ' {"a" : [ -0.5e-3 , 0 , 1E9 , true , false , null , "\\u00e9\\/" , { } , [ ] ] }\n';
    const scanner = new JsonScanner(HUGE);
    expect(scanner.write(Buffer.from(body)) ?? scanner.end()).toBeUndefined();
    expect(JSON.parse(scanner.text())).toStrictEqual(JSON.parse(body));
  });

  it('agrees with JSON.parse on thousands of mutated bodies', () => {
    const valid =
      '{"id":"a1","n":[1,-2.5e3,0.25],"ok":true,"x":null,"s":"q\\"\\u0041\\n","o":{"k":[]}}';
    const alphabet = '{}[]:,"\\-0123456789.eE+tfnrlsau ';
    let seed = 42;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    const disagreements: { body: string; parses: boolean }[] = [];
    for (let round = 0; round < 3000; round++) {
      const at = random(valid.length);
      const insert = alphabet[random(alphabet.length)] ?? '';
      const cut = random(2) === 0;
      const body = valid.slice(0, at) + (cut ? '' : insert) + valid.slice(cut ? at + 1 : at);
      const parses = parsesAsJson(body);
      if ((scan(body, HUGE) === undefined) !== parses) disagreements.push({ body, parses });
    }
    expect(disagreements).toStrictEqual([]);
  });
});
