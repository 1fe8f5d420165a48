import { describe, expect, it } from 'vitest';

import type { ApiDocument } from '../../src/pipeline/document.js';
import type { MockRequest } from './get-request.js';
import { buildMockRequest, chooseGetOperation, explainNoGetOperation } from './get-request.js';

function documentWith(
  paths: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ApiDocument {
  return {
    openapi: '3.0.3',
    info: { title: 'Test', version: '1' },
    paths,
    ...extra,
  } as ApiDocument;
}

const ok = { responses: { '200': { description: 'ok' } } };
const tenantHeader = {
  name: 'X-Tenant',
  in: 'header',
  required: true,
  schema: { type: 'string', example: 'acme' },
};
const sessionCookie = { name: 'session', in: 'cookie', required: true, schema: { type: 'string' } };
const pageQuery = { name: 'page', in: 'query', required: true, schema: { type: 'integer' } };

describe('chooseGetOperation and buildMockRequest', () => {
  const cases: { name: string; given: ApiDocument; want: MockRequest | undefined }[] = [
    {
      name: 'prefers a GET without path parameters over an earlier one with them',
      given: documentWith({
        '/pets/{petId}': { get: { operationId: 'showPet', ...ok } },
        '/pets': { get: { operationId: 'listPets', ...ok } },
      }),
      want: { operationId: 'listPets', path: '/pets', query: {}, headers: {} },
    },
    {
      name: 'fills path parameters from the example, the schema example, then the schema type',
      given: documentWith({
        '/orgs/{org}/items/{id}/{day}': {
          get: {
            parameters: [
              {
                name: 'org',
                in: 'path',
                required: true,
                example: 'octo org',
                schema: { type: 'string' },
              },
              { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
              {
                name: 'day',
                in: 'path',
                required: true,
                schema: { type: 'string', example: '2024-05-01' },
              },
            ],
            ...ok,
          },
        },
      }),
      want: {
        operationId: 'getOrgsOrgItemsIdDay',
        path: '/orgs/octo%20org/items/1/2024-05-01',
        query: {},
        headers: {},
      },
    },
    {
      name: 'prefers a GET needing fewer inputs and supplies the credentials it needs',
      given: documentWith(
        {
          '/a': { get: { operationId: 'a', parameters: [tenantHeader], ...ok } },
          '/b': { get: { operationId: 'b', security: [{ key: [] }], ...ok } },
        },
        {
          components: {
            securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
          },
        },
      ),
      want: { operationId: 'b', path: '/b', query: {}, headers: { 'x-api-key': 'corpus-key' } },
    },
    {
      name: 'fills required header and query parameters from their examples or types',
      given: documentWith({
        '/a': { get: { operationId: 'a', parameters: [tenantHeader, pageQuery], ...ok } },
      }),
      want: { operationId: 'a', path: '/a', query: { page: '1' }, headers: { 'x-tenant': 'acme' } },
    },
    {
      name: 'finds nothing when every GET needs a cookie',
      given: documentWith({
        '/a': { get: { operationId: 'a', parameters: [sessionCookie], ...ok } },
      }),
      want: undefined,
    },
  ];

  for (const { name, given, want } of cases) {
    it(name, () => {
      const entry = chooseGetOperation(given);
      expect(entry && buildMockRequest(given, entry)).toStrictEqual(want);
    });
  }
});

describe('explainNoGetOperation', () => {
  it('names the input that rules out the first GET', () => {
    const given = documentWith({ '/a': { get: { parameters: [sessionCookie], ...ok } } });
    expect(explainNoGetOperation(given)).toStrictEqual(
      "none of 1 GET operations can be called without a request body or cookie (GET /a requires cookie 'session')",
    );
  });

  it('says so when the document has no GET at all', () => {
    expect(explainNoGetOperation(documentWith({ '/a': { post: ok } }))).toStrictEqual(
      'the document has no GET operation',
    );
  });
});
