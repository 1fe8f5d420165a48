import { describe, expect, it } from 'vitest';

import type { Operation } from './operation.js';
import { listOperations } from './operation.js';
import { Random } from './random.js';
import { buildInvalidRequest, buildValidRequest } from './request.js';
import type { ApiDocument } from './schema.js';
import { SchemaValidator } from './validator.js';

const DOCUMENT: ApiDocument = {
  paths: {
    '/things/{thingId}': {
      parameters: [
        { name: 'thingId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
      ],
      patch: {
        operationId: 'updateThing',
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 9 } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/merge-patch+json': {
              schema: { $ref: '#/components/schemas/ThingUpdate' },
            },
          },
        },
        responses: { '200': { description: 'ok' } },
      },
    },
  },
  components: {
    schemas: {
      ThingUpdate: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1, maxLength: 4 } },
      },
    },
  },
};
const operation = listOperations(DOCUMENT)[0] as Operation;
const validator = new SchemaValidator(DOCUMENT);
const EXISTING = 'a3e1c9d2-4b5f-4c6a-8d7e-9f0a1b2c3d4e';
const context = (seed: number) => ({
  document: DOCUMENT,
  random: new Random(seed),
  validator,
  existing: () => [EXISTING],
});

describe('buildValidRequest', () => {
  it('reads path-level parameters and the body media type from the document', () => {
    expect(operation.parameters.map((p) => `${p.in} ${p.name}`)).toStrictEqual([
      'path thingId',
      'query limit',
    ]);
    expect(operation.requestBody?.mediaType).toBe('application/merge-patch+json');
  });

  it('makes the same request from the same seed', () => {
    expect(buildValidRequest(operation, context(5))).toStrictEqual(
      buildValidRequest(operation, context(5)),
    );
  });

  it('names existing records in the path part of the time', () => {
    const paths = Array.from(
      { length: 40 },
      (_, seed) => buildValidRequest(operation, context(seed)).path,
    );
    const existing = paths.filter((path) => path === `/things/${EXISTING}`).length;
    expect(existing).toBeGreaterThan(10);
    expect(existing).toBeLessThan(40);
  });

  it('sends a valid body in the declared media type', () => {
    const request = buildValidRequest(operation, context(2));
    expect(request.headers['content-type']).toBe('application/merge-patch+json');
    expect(
      validator.check({ $ref: '#/components/schemas/ThingUpdate' }, request.body),
    ).toBeUndefined();
  });
});

describe('buildInvalidRequest', () => {
  it('breaks exactly one part, which it names', () => {
    const defects = new Set(
      Array.from({ length: 60 }, (_, seed) =>
        buildInvalidRequest(operation, context(seed))?.defect.replace(/ \(.*\)$/, ''),
      ),
    );
    expect([...defects].sort()).toStrictEqual([
      'body /: not of type object',
      'body /: with an unknown property',
      "body /: without the required property 'name'",
      'body /name: longer than maxLength 4',
      'body /name: not of type string',
      'body /name: shorter than minLength 1',
      'body: missing though required',
      'path thingId: not a uuid',
      'query limit: above maximum 9',
      'query limit: below minimum 1',
      'query limit: not of type integer',
    ]);
  });
});
