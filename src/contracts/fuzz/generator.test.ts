import { beforeAll, describe, expect, it } from 'vitest';

import { bundleCanonicalV1 } from './canonical-document.js';
import { invalidVariants } from './invalid-variants.js';
import { Random } from './random.js';
import type { ApiDocument } from './schema.js';
import { generateValid } from './valid-value.js';
import { SchemaValidator } from './validator.js';

const SEEDS = Array.from({ length: 25 }, (_, i) => i + 1);

/** A document of the constructs the canonical specs do not use, to cover them too. */
const CONSTRUCTS: ApiDocument = {
  components: {
    schemas: {
      Named: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 2, maxLength: 5 } },
      },
      Composed: {
        allOf: [
          { $ref: '#/components/schemas/Named' },
          {
            type: 'object',
            required: ['size'],
            properties: { size: { type: 'integer', minimum: 1, maximum: 9 } },
          },
        ],
      },
      Either: {
        oneOf: [
          { type: 'string', format: 'email' },
          { type: 'integer', multipleOf: 5, minimum: 10, maximum: 50 },
        ],
      },
      Any: { anyOf: [{ type: 'string', format: 'date' }, { type: 'boolean' }] },
      Fixed: { const: 'v2' },
      Nullable: { type: 'string', format: 'uri', nullable: true },
      TypeArray: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1 },
      Decimal: { type: 'number', multipleOf: 0.25, minimum: -2, maximum: 2 },
      Dated: { type: 'string', format: 'date-time' },
      Tags: {
        type: 'array',
        minItems: 1,
        maxItems: 3,
        uniqueItems: true,
        items: { enum: ['a', 'b', 'c'] },
      },
      Closed: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          id: { type: 'string', format: 'uuid', readOnly: true },
          note: { type: 'string' },
          host: { type: 'string', format: 'hostname' },
        },
      },
      Unsatisfiable: { type: 'string', pattern: '^[^x]{3}$', example: 'abc' },
    },
  },
};

function schemasOf(document: ApiDocument): [string, unknown][] {
  const components = document.components as { schemas: Record<string, unknown> };
  return Object.keys(components.schemas).map((name) => [
    name,
    { $ref: `#/components/schemas/${name}` },
  ]);
}

function generate(document: ApiDocument, schema: unknown, seed: number): unknown {
  return generateValid(schema, { document, random: new Random(seed), direction: 'request' });
}

describe.each([
  ['canonical v1', () => bundleCanonicalV1()],
  ['every construct', () => Promise.resolve(CONSTRUCTS)],
])('the generator over %s', (_name, load) => {
  let document: ApiDocument;
  let validator: SchemaValidator;
  let schemas: [string, unknown][];

  beforeAll(async () => {
    document = await load();
    validator = new SchemaValidator(document);
    schemas = schemasOf(document);
  }, 60_000);

  it('makes the same values from the same seed', () => {
    const run = () => schemas.map(([, schema]) => generate(document, schema, 11));
    expect(run()).toStrictEqual(run());
  });

  it('makes values valid against their schema', () => {
    const failures = schemas.flatMap(([name, schema]) =>
      SEEDS.flatMap((seed) => {
        const value = generate(document, schema, seed);
        const failure = validator.check(schema, value);
        return failure === undefined
          ? []
          : [`${name} seed ${seed}: ${JSON.stringify(value)} ${failure}`];
      }),
    );
    expect(failures).toStrictEqual([]);
  });

  it('makes variants that each fail validation', () => {
    const failures = schemas.flatMap(([name, schema]) =>
      SEEDS.slice(0, 5).flatMap((seed) =>
        invalidVariants(document, schema, generate(document, schema, seed))
          .filter((variant) => validator.check(schema, variant.value) === undefined)
          .map(
            (variant) =>
              `${name} seed ${seed} ${variant.pointer} ${variant.defect}: ${JSON.stringify(variant.value)}`,
          ),
      ),
    );
    expect(failures).toStrictEqual([]);
  });
});

describe('the generator', () => {
  const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });

  it('leaves readOnly properties out of requests', () => {
    const values = SEEDS.map((seed) => generate(CONSTRUCTS, schema('Closed'), seed));
    expect(values.filter((value) => 'id' in (value as object))).toStrictEqual([]);
  });

  it('uses the example for a pattern it cannot satisfy, and breaks no such pattern', () => {
    const value = generate(CONSTRUCTS, schema('Unsatisfiable'), 1);
    const defects = invalidVariants(CONSTRUCTS, schema('Unsatisfiable'), value).map(
      (v) => v.defect,
    );
    expect({ value, defects }).toStrictEqual({ value: 'abc', defects: ['not of type string'] });
  });

  it('names each defect of a closed object by pointer', () => {
    const variants = invalidVariants(CONSTRUCTS, schema('Composed'), { name: 'ab', size: 3 });
    expect(variants.map(({ pointer, defect }) => `${pointer} ${defect}`)).toStrictEqual([
      ' not of type object',
      " without the required property 'name'",
      " without the required property 'size'",
      '/name not of type string',
      '/name shorter than minLength 2',
      '/name longer than maxLength 5',
      '/size not of type integer',
      '/size below minimum 1',
      '/size above maximum 9',
    ]);
  });
});
