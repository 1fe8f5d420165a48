import { describe, expect, it } from 'vitest';
import type { Direction, SchemaComparison, SchemaObject } from '../model.js';
import { compareSchemas } from './index.js';

function documentWith(schemas: Record<string, SchemaObject>): Record<string, unknown> {
  return { openapi: '3.1.0', components: { schemas } };
}

function context(
  direction: Direction,
  baseDocument: unknown = {},
  revisionDocument: unknown = baseDocument,
  subject = direction === 'request' ? 'request-body' : 'response-body',
): SchemaComparison {
  return { direction, subject, location: 'POST /orders body', baseDocument, revisionDocument };
}

function rules(base: SchemaObject, revision: SchemaObject, ctx: SchemaComparison): string[] {
  return compareSchemas(base, revision, ctx).map((finding) => `${finding.rule} ${finding.level}`);
}

const object = (
  properties: Record<string, SchemaObject>,
  required: string[] = [],
): SchemaObject => ({
  type: 'object',
  properties,
  required,
});

describe('compareSchemas', () => {
  it('returns a whole finding with the location, the old and new values and the operation', () => {
    const ctx = { ...context('request'), operation: 'createOrder' };
    const base = object({
      items: { type: 'array', items: object({ price: { type: 'number', maximum: 100 } }) },
    });
    const revision = object({
      items: { type: 'array', items: object({ price: { type: 'number', maximum: 50 } }) },
    });
    expect(compareSchemas(base, revision, ctx)).toStrictEqual([
      {
        rule: 'request-property-max-decreased',
        level: 'error',
        message: 'The maximum 100 became 50.',
        location: 'POST /orders body /items/[]/price',
        operation: 'createOrder',
      },
    ]);
  });

  it('finds nothing when either schema is missing', () => {
    expect(compareSchemas(undefined, { type: 'string' }, context('request'))).toStrictEqual([]);
  });

  it.each<[string, Direction, SchemaObject, SchemaObject, string[]]>([
    [
      'integer to number widens a request',
      'request',
      { type: 'integer' },
      { type: 'number' },
      ['request-body-type-generalized info'],
    ],
    [
      'number to integer narrows a request',
      'request',
      { type: 'number' },
      { type: 'integer' },
      ['request-body-type-narrowed error'],
    ],
    [
      'integer to number breaks a response',
      'response',
      { type: 'integer' },
      { type: 'number' },
      ['response-body-type-generalized error'],
    ],
    [
      'number to integer is safe in a response',
      'response',
      { type: 'number' },
      { type: 'integer' },
      ['response-body-type-narrowed info'],
    ],
    [
      'a format added refuses values in a request',
      'request',
      { type: 'string' },
      { type: 'string', format: 'uuid' },
      ['request-body-format-added error'],
    ],
    [
      'the binary format marks raw bytes and refuses nothing',
      'request',
      { type: 'string' },
      { type: 'string', format: 'binary' },
      [],
    ],
    [
      'a pattern changed cannot be decided',
      'request',
      { type: 'string', pattern: '^a' },
      { type: 'string', pattern: '^b' },
      ['request-body-pattern-changed warning'],
    ],
    [
      'a maximum raised in a response is flagged',
      'response',
      { type: 'integer', maximum: 10 },
      { type: 'integer', maximum: 20 },
      ['response-body-max-increased warning'],
    ],
    [
      'an inclusive bound made exclusive (3.0 flag) tightens it',
      'request',
      { type: 'integer', maximum: 10 },
      { type: 'integer', maximum: 10, exclusiveMaximum: true },
      ['request-body-max-decreased error'],
    ],
    [
      'a 3.0 exclusive flag and a 3.1 exclusive number for one bound are the same',
      'request',
      { type: 'integer', maximum: 10, exclusiveMaximum: true },
      { type: 'integer', exclusiveMaximum: 10 },
      [],
    ],
    [
      'a const changed breaks a response',
      'response',
      { const: 'a' },
      { const: 'b' },
      ['response-body-const-changed error'],
    ],
    [
      'an enum value added to a response is flagged',
      'response',
      { enum: ['a'] },
      { enum: ['a', 'b'] },
      ['response-body-enum-value-added warning'],
    ],
    [
      'additional properties refused in a request',
      'request',
      { type: 'object' },
      { type: 'object', additionalProperties: false },
      ['request-body-additional-properties-restricted error'],
    ],
    [
      'a property made optional breaks a response',
      'response',
      object({ id: { type: 'string' } }, ['id']),
      object({ id: { type: 'string' } }),
      ['response-property-became-optional error'],
    ],
    [
      'a property made required breaks a request',
      'request',
      object({ id: { type: 'string' } }),
      object({ id: { type: 'string' } }, ['id']),
      ['request-property-became-required error'],
    ],
    [
      'a required property removed breaks a response',
      'response',
      object({ id: { type: 'string' } }, ['id']),
      object({}),
      ['response-body-required-property-removed error'],
    ],
    [
      'minItems raised refuses request arrays',
      'request',
      { type: 'array', minItems: 1 },
      { type: 'array', minItems: 2 },
      ['request-body-min-items-increased error'],
    ],
  ])('judges that %s', (_title, direction, base, revision, want) => {
    expect(rules(base, revision, context(direction))).toStrictEqual(want);
  });

  it('leaves readOnly properties out of requests and keeps them in responses', () => {
    const base = object({ name: { type: 'string' } });
    const revision = object({ name: { type: 'string' }, id: { type: 'string', readOnly: true } }, [
      'id',
    ]);
    expect(rules(base, revision, context('request'))).toStrictEqual([]);
    expect(rules(base, revision, context('response'))).toStrictEqual([
      'response-body-required-property-added info',
    ]);
  });

  it('leaves writeOnly properties out of responses and keeps them in requests', () => {
    const base = object({
      name: { type: 'string' },
      password: { type: 'string', writeOnly: true },
    });
    const revision = object({ name: { type: 'string' } });
    expect(rules(base, revision, context('response'))).toStrictEqual([]);
    expect(rules(base, revision, context('request'))).toStrictEqual([
      'request-body-optional-property-removed warning',
    ]);
  });

  it('treats OpenAPI 3.0 nullable and a 3.1 null type as the same', () => {
    const base = { type: 'string', nullable: true };
    expect(rules(base, { type: ['string', 'null'] }, context('response'))).toStrictEqual([]);
    expect(
      rules({ type: 'string' }, { type: ['null', 'string'] }, context('response')),
    ).toStrictEqual(['response-body-became-nullable error']);
  });

  it('follows $refs in the document each side came from and ignores a rename', () => {
    const base = documentWith({ Order: object({ id: { type: 'string' } }) });
    const revision = documentWith({ PurchaseOrder: object({ id: { type: 'string' } }) });
    const found = compareSchemas(
      { $ref: '#/components/schemas/Order' },
      { $ref: '#/components/schemas/PurchaseOrder' },
      context('response', base, revision),
    );
    expect(found).toStrictEqual([]);
  });

  it('decodes percent and ~ escapes in $ref pointers', () => {
    const base = documentWith({ 'a/b c~d': { type: 'string' } });
    const revision = documentWith({ 'a/b c~d': { type: 'integer' } });
    const ref = { $ref: '#/components/schemas/a~1b%20c~0d' };
    expect(rules(ref, ref, context('response', base, revision))).toStrictEqual([
      'response-body-type-changed error',
    ]);
  });

  it('terminates on a recursive schema and reports a change inside it once', () => {
    const node = (valueType: string): SchemaObject =>
      object({
        value: { type: valueType },
        children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
      });
    const ctx = context(
      'response',
      documentWith({ Node: node('string') }),
      documentWith({ Node: node('integer') }),
    );
    const found = compareSchemas(
      { $ref: '#/components/schemas/Node' },
      { $ref: '#/components/schemas/Node' },
      ctx,
    );
    expect(found.map((finding) => finding.location)).toStrictEqual(['POST /orders body /value']);
  });

  it('reports a referenced pair once per call, at the first place reached, and again in a new call', () => {
    const money = (type: string): SchemaObject => object({ amount: { type } });
    const order = object({
      total: { $ref: '#/components/schemas/Money' },
      tax: { $ref: '#/components/schemas/Money' },
    });
    const base = documentWith({ Money: money('integer'), Order: order });
    const revision = documentWith({ Money: money('string'), Order: order });
    const ref = { $ref: '#/components/schemas/Order' };
    const first = compareSchemas(ref, ref, context('response', base, revision));
    const second = compareSchemas(ref, ref, {
      ...context('response', base, revision),
      location: 'GET /orders response 200',
    });
    expect(first.map((finding) => finding.location)).toStrictEqual([
      'POST /orders body /total/amount',
    ]);
    expect(second.map((finding) => finding.location)).toStrictEqual([
      'GET /orders response 200 /total/amount',
    ]);
  });

  it('stays linear on enums of thousands of values', () => {
    const values = Array.from({ length: 20_000 }, (_, index) => `value-${index}`);
    const found = rules({ enum: values }, { enum: values.slice(1) }, context('request'));
    expect(found).toStrictEqual(['request-body-enum-value-removed error']);
  });

  it('compares allOf schemas merged, so moving a property into a member changes nothing', () => {
    const doc = documentWith({ Base: object({ id: { type: 'string' } }, ['id']) });
    const base = object({ id: { type: 'string' }, name: { type: 'string' } }, ['id']);
    const revision = {
      allOf: [{ $ref: '#/components/schemas/Base' }, object({ name: { type: 'string' } })],
    };
    expect(rules(base, revision, context('request', doc))).toStrictEqual([]);
  });

  it('reports an id that became "id or expanded object" as one alternative added', () => {
    const doc = documentWith({ Customer: object({ id: { type: 'string' } }) });
    const base = { type: 'string', maxLength: 5000, nullable: true };
    const revision = {
      anyOf: [{ type: 'string', maxLength: 5000 }, { $ref: '#/components/schemas/Customer' }],
      nullable: true,
    };
    expect(rules(base, revision, context('response', doc))).toStrictEqual([
      'response-body-any-of-added warning',
    ]);
  });

  describe('on alternatives that only list required properties', () => {
    const byId = { required: ['id'], properties: { id: { type: 'string', maxLength: 20 } } };
    const byName = { required: ['name'] };

    it.each<['oneOf' | 'anyOf', Direction]>([
      ['oneOf', 'request'],
      ['oneOf', 'response'],
      ['anyOf', 'request'],
      ['anyOf', 'response'],
    ])('finds nothing between %s of them and an identical copy in a %s', (keyword, direction) => {
      const base = { [keyword]: [{ required: ['id'] }, byName] };
      expect(rules(base, structuredClone(base), context(direction))).toStrictEqual([]);
    });

    it('reports the one removed, at its place, and nothing about the one kept', () => {
      const found = compareSchemas(
        { oneOf: [byId, byName] },
        { oneOf: [byName] },
        context('request'),
      );
      expect(found.map(({ rule, level, location }) => ({ rule, level, location }))).toStrictEqual([
        {
          rule: 'request-body-one-of-removed',
          level: 'error',
          location: 'POST /orders body /oneOf[#0]',
        },
      ]);
    });

    it('compares a modified one with its original instead of reporting it removed and added', () => {
      const narrowed = { ...byId, properties: { id: { type: 'string', maxLength: 10 } } };
      const found = compareSchemas(
        { oneOf: [byId, byName] },
        { oneOf: [byName, narrowed] },
        context('request'),
      );
      expect(found.map(({ rule, location }) => ({ rule, location }))).toStrictEqual([
        {
          rule: 'request-property-max-length-decreased',
          location: 'POST /orders body /oneOf[#1]/id',
        },
      ]);
    });

    it('reports a name one of them newly requires, and the one no longer required', () => {
      const widened = { oneOf: [{ required: ['id', 'email'] }, byName] };
      expect(
        rules({ oneOf: [{ required: ['id'] }, byName] }, widened, context('request')),
      ).toStrictEqual(['request-property-became-required error']);
      expect(
        rules(widened, { oneOf: [{ required: ['id'] }, byName] }, context('response')),
      ).toStrictEqual(['response-property-became-optional error']);
    });

    it('leaves a read-only name out of requests', () => {
      const base = { properties: { id: { type: 'string', readOnly: true } } };
      const revision = { ...base, required: ['id'] };
      expect(rules(base, revision, context('request'))).toStrictEqual([]);
    });
  });

  it('uses the message property form below the root of a message payload, judged by direction', () => {
    const ctx = context('response', {}, {}, 'message-payload');
    const base = object({ status: { enum: ['new'] } });
    const revision = object({ status: { enum: ['new', 'paid'] } });
    expect(rules(base, revision, ctx)).toStrictEqual(['message-property-enum-value-added warning']);
  });
});
