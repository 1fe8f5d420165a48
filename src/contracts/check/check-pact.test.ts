import { describe, expect, it } from 'vitest';

import type { HttpInteraction, Pact } from '../pact/index.js';
import { readPact } from '../pact/index.js';
import { checkPact } from './check-pact.js';
import type { Verdict } from './model.js';
import type { ContractSpec } from './spec.js';

/** A small canonical-style API: organizations, with a server prefix and a 4XX range. */
const document = {
  openapi: '3.1.0',
  info: { title: 'Organizations', version: '1.0.0' },
  servers: [{ url: '/canonical/v1' }],
  paths: {
    '/organizations': {
      get: {
        parameters: [
          { name: 'domain', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        ],
        responses: {
          '200': {
            description: 'a page',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: { type: 'array', items: { $ref: '#/components/schemas/Organization' } },
                  },
                },
              },
            },
          },
        },
      },
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { $ref: '#/components/schemas/Organization' } },
          },
        },
        responses: {
          '201': {
            description: 'created',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Organization' } },
            },
          },
          '4XX': {
            description: 'refused',
            content: { 'application/problem+json': { schema: {} } },
          },
        },
      },
    },
    '/organizations/{organizationId}': {
      parameters: [
        {
          name: 'organizationId',
          in: 'path',
          required: true,
          schema: { type: 'string', format: 'uuid' },
        },
      ],
      get: {
        responses: {
          '200': {
            description: 'one',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Organization' } },
            },
          },
          default: { description: 'error' },
        },
      },
    },
  },
  components: {
    schemas: {
      Organization: {
        type: 'object',
        required: ['id', 'legalName'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', format: 'uuid', readOnly: true },
          legalName: { type: 'string', minLength: 1 },
          domain: { type: ['string', 'null'] },
        },
      },
    },
  },
};

const spec: ContractSpec = { kind: 'openapi', dialect: '3.1', document };
const ID = '3f6c2a1e-8b4d-4c2f-9a51-6f0e2d7b9c10';
const organization = { id: ID, legalName: 'Acme Robotics GmbH', domain: null };

function http(
  request: Partial<HttpInteraction['request']>,
  response: Partial<HttpInteraction['response']> = {},
): HttpInteraction {
  return {
    kind: 'http',
    description: 'an interaction',
    request: { method: 'GET', path: '/', query: {}, headers: {}, body: undefined, ...request },
    response: { status: 200, headers: {}, body: undefined, ...response },
  };
}

const json = (value: unknown) => ({
  contentType: 'application/json',
  form: 'json' as const,
  value,
});

function verdictOf(interaction: HttpInteraction, against: ContractSpec = spec): Verdict {
  const pact: Pact = {
    consumer: 'portal',
    provider: 'canonical-v1',
    version: 'V3',
    versionSource: 'metadata',
    interactions: [interaction],
  };
  const [verdict] = checkPact(pact, against).verdicts;
  return verdict!;
}

const pass = (detail: string): Verdict => ({
  description: 'an interaction',
  kind: 'http',
  outcome: 'pass',
  detail,
  reasons: [],
});

const fail = (detail: string, ...reasons: Verdict['reasons']): Verdict => ({
  description: 'an interaction',
  kind: 'http',
  outcome: 'fail',
  detail,
  reasons,
});

describe('checking HTTP interactions against an OpenAPI 3.1 document', () => {
  it.each<[string, HttpInteraction, Verdict]>([
    [
      'passes a valid read, with the server prefix in the path',
      http({ path: `/canonical/v1/organizations/${ID}` }, { body: json(organization) }),
      pass('GET /organizations/{organizationId} -> 200'),
    ],
    [
      'passes a create without the readOnly id, answered with a 4XX range',
      http(
        { method: 'POST', path: '/organizations', body: json({ legalName: 'Acme' }) },
        { status: 409, body: { contentType: 'application/problem+json', form: 'json', value: {} } },
      ),
      pass('POST /organizations -> 4XX'),
    ],
    [
      'passes a list whose limit arrives as a string',
      http(
        { path: '/organizations', query: { domain: ['acme.example'], limit: ['50'] } },
        { body: json({ items: [organization] }) },
      ),
      pass('GET /organizations -> 200'),
    ],
    [
      'passes an invalid request whose expected answer is a 400',
      http(
        { method: 'POST', path: '/organizations', body: json({ legalName: '' }) },
        { status: 400, body: { contentType: 'application/problem+json', form: 'json', value: {} } },
      ),
      pass('POST /organizations -> 4XX, a rejected request'),
    ],
    [
      'fails an unknown path',
      http({ path: '/contacts' }),
      fail('GET /contacts', {
        code: 'unknown-path',
        pointer: '/request/path',
        expected: 'a path of the spec: /organizations, /organizations/{organizationId}',
        actual: '"/contacts"',
      }),
    ],
    [
      'fails an unknown method',
      http({ method: 'DELETE', path: '/organizations' }),
      fail('DELETE /organizations', {
        code: 'unknown-method',
        pointer: '/request/method',
        expected: 'one of GET, POST',
        actual: '"DELETE"',
      }),
    ],
    [
      'fails a missing required query parameter and an invalid one',
      http({ path: '/organizations', query: { limit: ['0'] } }),
      fail(
        'GET /organizations -> 200',
        {
          code: 'missing-parameter',
          pointer: '/request/query/domain',
          expected: 'required query parameter "domain"',
          actual: 'nothing',
        },
        {
          code: 'invalid-parameter',
          pointer: '/request/query/limit',
          expected: 'a number >= 1',
          actual: '0',
        },
      ),
    ],
    [
      'fails a path parameter that breaks its format',
      http({ path: '/organizations/42' }),
      fail('GET /organizations/{organizationId} -> 200', {
        code: 'invalid-parameter',
        pointer: '/request/path/organizationId',
        expected: 'format uuid',
        actual: '"42"',
      }),
    ],
    [
      'fails an invalid request body with every reason',
      http(
        { method: 'POST', path: '/organizations', body: json({ legalName: '', vat: 'DE1' }) },
        { status: 201 },
      ),
      fail(
        'POST /organizations -> 201',
        {
          code: 'invalid-request-body',
          pointer: '/request/body/vat',
          expected: 'no property "vat" (not declared, and no others are allowed)',
          actual: '"DE1"',
        },
        {
          code: 'invalid-request-body',
          pointer: '/request/body/legalName',
          expected: 'at least 1 character',
          actual: '""',
        },
      ),
    ],
    [
      'fails a missing required request body',
      http({ method: 'POST', path: '/organizations' }, { status: 201 }),
      fail('POST /organizations -> 201', {
        code: 'missing-request-body',
        pointer: '/request/body',
        expected: 'a body (application/json)',
        actual: 'nothing',
      }),
    ],
    [
      'fails a request body of an undeclared media type',
      http(
        {
          method: 'POST',
          path: '/organizations',
          body: { contentType: 'application/xml', form: 'text', value: '<o/>' },
        },
        { status: 201 },
      ),
      fail('POST /organizations -> 201', {
        code: 'undeclared-request-media-type',
        pointer: '/request/body',
        expected: 'one of application/json',
        actual: 'application/xml',
      }),
    ],
    [
      'fails an undeclared status',
      http({ path: '/organizations', query: { domain: ['a.example'] } }, { status: 500 }),
      fail('GET /organizations -> 500', {
        code: 'undeclared-status',
        pointer: '/response/status',
        expected: 'one of 200',
        actual: '500',
      }),
    ],
    [
      'fails an invalid response body, down to the array item',
      http(
        { path: '/organizations', query: { domain: ['a.example'] } },
        { body: json({ items: [{ legalName: 7 }] }) },
      ),
      fail(
        'GET /organizations -> 200',
        {
          code: 'invalid-response-body',
          pointer: '/response/body/items/0/id',
          expected: 'required property "id"',
          actual: 'nothing',
        },
        {
          code: 'invalid-response-body',
          pointer: '/response/body/items/0/legalName',
          expected: 'type string',
          actual: 'number 7',
        },
      ),
    ],
    [
      'fails a body where the response declares none',
      http({ path: `/organizations/${ID}` }, { status: 404, body: json({ code: 'not-found' }) }),
      fail('GET /organizations/{organizationId} -> default', {
        code: 'unexpected-response-body',
        pointer: '/response/body',
        expected: 'no body (none is declared)',
        actual: '{"code":"not-found"}',
      }),
    ],
  ])('%s', (_name, interaction, want) => {
    expect(verdictOf(interaction)).toStrictEqual(want);
  });
});

describe('checking against an OpenAPI 3.0 document', () => {
  const document30 = {
    openapi: '3.0.3',
    info: { title: 'Plans', version: '1' },
    paths: {
      '/plans': {
        get: {
          responses: {
            '200': {
              description: 'plans',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    discriminator: { propertyName: 'kind' },
                    example: { price: 1 },
                    properties: {
                      price: { type: 'number', minimum: 0, exclusiveMinimum: true },
                      note: { type: 'string', nullable: true, format: 'markdown' },
                      owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Owner' }] },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    components: { schemas: { Owner: { type: 'object', required: ['name'] } } },
  };
  const spec30: ContractSpec = { kind: 'openapi', dialect: '3.0', document: document30 };

  it.each<[string, unknown, Verdict]>([
    [
      'reads nullable, example, discriminator and unknown formats without failing',
      { price: 1, note: null, owner: null },
      pass('GET /plans -> 200'),
    ],
    [
      'reads the boolean exclusiveMinimum as exclusive',
      { price: 0, owner: {} },
      fail(
        'GET /plans -> 200',
        {
          code: 'invalid-response-body',
          pointer: '/response/body/price',
          expected: 'a number > 0',
          actual: '0',
        },
        {
          code: 'invalid-response-body',
          pointer: '/response/body/owner/name',
          expected: 'required property "name"',
          actual: 'nothing',
        },
      ),
    ],
  ])('%s', (_name, body, want) => {
    expect(verdictOf(http({ path: '/plans' }, { body: json(body) }), spec30)).toStrictEqual(want);
  });
});

describe('interactions the OpenAPI check does not cover', () => {
  it('reports message, unknown and malformed interactions as unsupported, with why', () => {
    const read = readPact({
      consumer: { name: 'portal' },
      provider: { name: 'canonical-v1' },
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        { type: 'Asynchronous/Messages', description: 'an event', contents: { content: {} } },
        { type: 'Synchronous/Messages', description: 'a call', request: {}, response: [] },
        { type: 'Synchronous/gRPC', description: 'a stream' },
        {
          type: 'Synchronous/HTTP',
          description: 'a read without a path',
          request: { method: 'GET' },
          response: { status: 200 },
        },
      ],
    });
    const report = read.ok ? checkPact(read.pact, spec) : undefined;
    expect(
      report?.verdicts.map((verdict) => [verdict.kind, verdict.outcome, verdict.detail]),
    ).toStrictEqual([
      ['message', 'unsupported', 'message interaction, the spec is OpenAPI'],
      [
        'sync-message',
        'unsupported',
        'synchronous message interaction: request/reply messages are not checked',
      ],
      [
        'unsupported',
        'unsupported',
        'unsupported interaction type "Synchronous/gRPC": expected Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages',
      ],
      [
        'unsupported',
        'unsupported',
        'expected request.path to be a path starting with "/", got nothing',
      ],
    ]);
    expect(report?.summary).toStrictEqual({ pass: 0, fail: 0, unsupported: 4 });
  });
});
