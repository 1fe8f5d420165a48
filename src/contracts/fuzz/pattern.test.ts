import { describe, expect, it } from 'vitest';

import { patternGenerator } from './pattern.js';
import { Random } from './random.js';

const SUPPORTED = [
  '^A[0-9]{8}$',
  '^[A-Z0-9][A-Z0-9 .-]{1,29}$',
  '^\\+?[0-9 ().-]{5,30}$',
  '^-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,4})?$',
  '^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$',
  '^cli_[A-Za-z0-9_-]{22}$',
  '^[1-9][0-9]{0,5}[smhd]$',
  '^[a-z][a-z0-9-]*$',
  '^(?:red|green)+\\d\\w$',
  'inv',
];

describe('patternGenerator', () => {
  it.each(SUPPORTED)('makes strings that match /%s/', (pattern) => {
    const generate = patternGenerator(pattern);
    const regex = new RegExp(pattern, 'u');
    const random = new Random(3);
    const misses = Array.from({ length: 50 }, () => generate!(random)).filter(
      (s) => !regex.test(s),
    );
    expect(misses).toStrictEqual([]);
  });

  it.each(['^[^a-z]+$', '^(?=a)a$', '^(a)\\1$', '^\\p{L}+$'])(
    'declines /%s/, which it cannot satisfy',
    (pattern) => {
      expect(patternGenerator(pattern)).toBeUndefined();
    },
  );
});
