import { describe, expect, it } from 'vitest';
import { refName, resolvePointer, resolveSchema } from './ref.js';

const document = {
  components: {
    schemas: { 'a/b': { type: 'string' }, 'c~d': { type: 'integer' }, 'e f': { type: 'boolean' } },
  },
  definitions: {
    Alias: { $ref: '#/components/schemas/a~1b' },
    Loop: { $ref: '#/definitions/Loop' },
  },
};

describe('resolvePointer', () => {
  it.each([
    ['#/components/schemas/a~1b', { type: 'string' }],
    ['#/components/schemas/c~0d', { type: 'integer' }],
    ['#/components/schemas/e%20f', { type: 'boolean' }],
    ['#/components/schemas/missing', undefined],
    ['other.yaml#/components/schemas/a~1b', undefined],
  ])('resolves %s', (ref, want) => {
    expect(resolvePointer(document, ref)).toStrictEqual(want);
  });
});

describe('resolveSchema', () => {
  it('follows a chain of references and names the last one', () => {
    expect(resolveSchema(document, { $ref: '#/definitions/Alias' })).toStrictEqual({
      schema: { type: 'string' },
      name: 'a/b',
    });
  });

  it('gives an empty schema for a reference cycle', () => {
    expect(resolveSchema(document, { $ref: '#/definitions/Loop' })).toStrictEqual({
      schema: {},
      name: 'Loop',
    });
  });

  it('names a reference by its last decoded token', () => {
    expect(refName('#/components/schemas/c~0d')).toBe('c~d');
  });
});
