import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { deriveBodyLimits } from './body-limits.js';
import type { DerivedBodyLimits } from './body-limits.js';
import { bundleSpec } from './bundle.js';
import { loadRedoclyConfig } from './redocly.js';

const ROOT = join(import.meta.dirname, '..', '..');

const text = (maxLength?: number) => ({ type: 'string', ...(maxLength ? { maxLength } : {}) });
const closed = (properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  properties,
});

describe('deriveBodyLimits', () => {
  const document = {
    components: {
      schemas: {
        Money: closed({ amount: text(21), currency: { type: 'string', enum: ['EUR', 'USD'] } }),
        Node: closed({
          name: text(10),
          children: { type: 'array', maxItems: 5, items: { $ref: '#/components/schemas/Node' } },
        }),
        Open: { type: 'object', properties: { a: text(3) } },
      },
    },
  };
  const cases: { name: string; schema: unknown; want: DerivedBodyLimits }[] = [
    {
      name: 'a closed object of bounded strings',
      schema: closed({ code: text(8), label: text(40) }),
      want: { maxDepth: 1, maxEntries: 2, maxKeyLength: 5, maxStringLength: 40 },
    },
    {
      name: 'nothing string-wise when one string is unbounded',
      schema: closed({ code: text(8), note: text() }),
      want: { maxDepth: 1, maxEntries: 2, maxKeyLength: 4 },
    },
    {
      name: 'nothing but scalars from an open object',
      schema: { $ref: '#/components/schemas/Open' },
      want: {},
    },
    {
      name: 'local references, enums and nested arrays',
      schema: closed({
        total: { $ref: '#/components/schemas/Money' },
        lines: { type: 'array', maxItems: 100, items: { $ref: '#/components/schemas/Money' } },
      }),
      want: {
        maxDepth: 3,
        maxEntries: 2,
        maxKeyLength: 8,
        maxStringLength: 21,
        maxArrayLength: 100,
      },
    },
    {
      name: 'no array limit when one array has no maxItems',
      schema: closed({
        a: { type: 'array', maxItems: 3, items: text(2) },
        b: { type: 'array', items: text(2) },
      }),
      want: { maxDepth: 2, maxEntries: 2, maxKeyLength: 1, maxStringLength: 2 },
    },
    {
      name: 'no depth from a recursive schema, other limits still',
      schema: { $ref: '#/components/schemas/Node' },
      want: { maxEntries: 2, maxKeyLength: 8, maxStringLength: 10, maxArrayLength: 5 },
    },
    {
      name: 'the tightest bound of allOf branches',
      schema: { allOf: [text(50), { maxLength: 10 }] },
      want: { maxDepth: 0, maxStringLength: 10 },
    },
    {
      name: 'the loosest bound of oneOf branches',
      schema: { oneOf: [text(5), closed({ id: { type: 'string', format: 'uuid' } })] },
      want: { maxDepth: 1, maxEntries: 1, maxKeyLength: 2, maxStringLength: 45 },
    },
    {
      name: 'nothing from an anyOf branch that admits anything',
      schema: { anyOf: [text(5), {}] },
      want: {},
    },
    {
      name: 'maxProperties and propertyNames on a map',
      schema: {
        type: 'object',
        maxProperties: 20,
        propertyNames: { maxLength: 32 },
        additionalProperties: text(64),
      },
      want: { maxDepth: 1, maxEntries: 20, maxKeyLength: 32, maxStringLength: 64 },
    },
    {
      name: 'a closed tuple',
      schema: { type: 'array', prefixItems: [text(2), { type: 'integer' }], items: false },
      want: { maxDepth: 1, maxStringLength: 2, maxArrayLength: 2 },
    },
    {
      name: 'a const object',
      schema: { const: { kind: 'fixed', tags: ['a', 'bcd'] } },
      want: { maxDepth: 2, maxEntries: 2, maxKeyLength: 4, maxStringLength: 5, maxArrayLength: 2 },
    },
    {
      name: 'a type list with null',
      schema: { type: ['string', 'null'], maxLength: 12 },
      want: { maxDepth: 0, maxStringLength: 12 },
    },
    { name: 'nothing from an empty schema', schema: {}, want: {} },
    {
      name: 'nothing from a reference outside the document',
      schema: { $ref: 'other.yaml#/X' },
      want: {},
    },
  ];
  for (const { name, schema, want } of cases) {
    it(`derives ${name}`, () => {
      expect(deriveBodyLimits(schema, document)).toStrictEqual(want);
    });
  }

  it('counts property names in code points, as the body scanner does', () => {
    expect(deriveBodyLimits(closed({ 'prénom😀': text(1) }), {})).toMatchObject({
      maxKeyLength: 7,
    });
  });
});

describe('deriveBodyLimits on the canonical API', () => {
  it('derives the limits of createOrder and updateOrganization', async () => {
    const root = join(ROOT, 'specs/openapi/canonical/v1/openapi.yaml');
    const config = await loadRedoclyConfig(join(ROOT, 'redocly.yaml'));
    const { document } = await bundleSpec(root, config);
    const paths = document.paths as Record<string, Record<string, { requestBody?: unknown }>>;
    const schemaOf = (path: string, method: string, type: string) => {
      const body = paths[path]?.[method]?.requestBody as {
        content: Record<string, { schema: unknown }>;
      };
      return body.content[type]?.schema;
    };
    const bundled = document as unknown as Record<string, unknown>;
    // OrderCreate: orderNumber has only a pattern, so no string limit; lines sit 5 levels deep.
    expect(
      deriveBodyLimits(schemaOf('/orders', 'post', 'application/json'), bundled),
    ).toStrictEqual({
      maxDepth: 5,
      maxEntries: 7,
      maxKeyLength: 18,
      maxArrayLength: 100,
    });
    expect(
      deriveBodyLimits(
        schemaOf('/organizations/{organizationId}', 'patch', 'application/merge-patch+json'),
        bundled,
      ),
    ).toStrictEqual({
      maxDepth: 3,
      maxEntries: 8,
      maxKeyLength: 20,
      maxStringLength: 255,
      maxArrayLength: 20,
    });
  });
});
