import { describe, expect, it } from 'vitest';

import type { SchemaObject } from '../model.js';
import { pairMembers, type Member, type Pair } from './pairing.js';
import { resolveSchema } from './ref.js';
import { sameSchema } from './same-schema.js';
import { similarity } from './similarity.js';

type Document = { components: { schemas: Record<string, SchemaObject> } };

const NO_SCHEMAS: Document = { components: { schemas: {} } };

function documentWith(schemas: Record<string, SchemaObject>): Document {
  return { components: { schemas } };
}

function ref(name: string): SchemaObject {
  return { $ref: `#/components/schemas/${name}` };
}

function membersOf(list: unknown[], document: Document): Member[] {
  return list.map((raw) => ({ raw, resolved: resolveSchema(document, raw) }));
}

function pair(
  base: unknown[],
  revision: unknown[],
  baseDocument: Document = NO_SCHEMAS,
  revisionDocument: Document = baseDocument,
): Pair[] {
  return pairMembers(membersOf(base, baseDocument), membersOf(revision, revisionDocument), {
    baseDocument,
    revisionDocument,
  });
}

const ID = { required: ['id'] };
const NAME = { required: ['name'] };
const PET = { type: 'object', properties: { name: { type: 'string' } } };

describe('pairMembers', () => {
  it.each<[string, unknown[], unknown[], Pair[]]>([
    [
      'an identical copy of required-only members',
      [ID, NAME],
      [ID, NAME],
      [
        [0, 0],
        [1, 1],
      ],
    ],
    [
      'reordered required-only members',
      [ID, NAME],
      [NAME, ID],
      [
        [0, 1],
        [1, 0],
      ],
    ],
    [
      'a modified required-only member with its original',
      [ID, NAME],
      [NAME, { required: ['id', 'email'] }],
      [
        [0, 1],
        [1, 0],
      ],
    ],
    [
      'required-only members with nothing in common as removed and added',
      [ID],
      [NAME],
      [
        [0, undefined],
        [undefined, 0],
      ],
    ],
    [
      'members without a validation keyword, which accept anything',
      [{ nullable: true }],
      [{ nullable: true, description: 'no value' }],
      [[0, 0]],
    ],
    [
      'types that do not overlap as removed and added',
      [{ type: 'string' }],
      [{ type: 'integer' }],
      [
        [0, undefined],
        [undefined, 0],
      ],
    ],
    [
      'equally alike members by their closest positions',
      [
        { type: 'string', maxLength: 1 },
        { type: 'string', maxLength: 2 },
      ],
      [
        { type: 'string', maxLength: 3 },
        { type: 'string', maxLength: 4 },
      ],
      [
        [0, 0],
        [1, 1],
      ],
    ],
    [
      'members with the same property names by what the properties hold',
      [
        { properties: { kind: { const: 'card' }, number: { type: 'string' } } },
        { properties: { kind: { const: 'bank' }, number: { type: 'string' } } },
      ],
      [
        { properties: { kind: { const: 'bank' }, number: { type: 'string', maxLength: 34 } } },
        { properties: { kind: { const: 'card' }, number: { type: 'string', maxLength: 19 } } },
      ],
      [
        [0, 1],
        [1, 0],
      ],
    ],
  ])('pairs %s', (_what, base, revision, want) => {
    expect(pair(base, revision)).toStrictEqual(want);
  });

  it('pairs references by target name before anything else', () => {
    const document = documentWith({ Dog: PET, Cat: PET });
    expect(pair([ref('Dog'), ref('Cat')], [ref('Cat'), ref('Dog')], document)).toStrictEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('pairs members that are the same once references resolve, whatever the targets are called', () => {
    const base = documentWith({ Pet: PET });
    const revision = documentWith({ Animal: PET });
    expect(pair([ref('Pet')], [{ nullable: true }, ref('Animal')], base, revision)).toStrictEqual([
      [0, 1],
      [undefined, 0],
    ]);
  });
});

describe('sameSchema', () => {
  const documents = (base: Document, revision: Document = base) => ({
    baseDocument: base,
    revisionDocument: revision,
  });

  it('follows references in each document and ends on cycles', () => {
    const base = documentWith({ Node: { properties: { next: ref('Node') } } });
    const revision = documentWith({ Item: { properties: { next: ref('Item') } } });
    expect(sameSchema(ref('Node'), ref('Item'), documents(base, revision))).toBe(true);
  });

  it('tells apart schemas that differ below a reference', () => {
    const base = documentWith({ Id: { type: 'string' } });
    const revision = documentWith({ Key: { type: 'integer' } });
    const left = { properties: { id: ref('Id') } };
    const right = { properties: { id: ref('Key') } };
    expect(sameSchema(left, right, documents(base, revision))).toBe(false);
  });

  it('takes the order of keys as irrelevant and the order of list items as relevant', () => {
    const doc = documents(NO_SCHEMAS);
    expect(sameSchema({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, doc)).toBe(true);
    expect(sameSchema({ b: [1, 2] }, { b: [2, 1] }, doc)).toBe(false);
  });
});

describe('similarity', () => {
  const documents = { baseDocument: NO_SCHEMAS, revisionDocument: NO_SCHEMAS };

  it.each<[string, SchemaObject, SchemaObject, { score: number; evidence: number }]>([
    ['a schema and itself', PET, PET, { score: 1, evidence: 5 }],
    [
      'required lists sharing one of two names',
      ID,
      { required: ['id', 'email'] },
      { score: 0.5, evidence: 1.5 },
    ],
    [
      'a bound removed',
      { type: 'string', minLength: 1 },
      { type: 'string' },
      { score: 2 / 3, evidence: 2 },
    ],
    ['disjoint types', { type: 'string' }, { type: 'integer' }, { score: 0, evidence: 0 }],
    ['two schemas that accept anything', {}, { description: 'any' }, { score: 1, evidence: 0 }],
  ])('scores %s', (_what, base, revision, want) => {
    expect(similarity(base, revision, documents)).toStrictEqual(want);
  });
});
