import { describe, expect, it } from 'vitest';

import type { ApiDocument } from '../../../pipeline/document.js';
import { diffOpenApi } from './index.js';

const NOW = new Date('2027-01-15T00:00:00Z');
const ok = { '200': { description: 'OK' } };
const json = (schema: object) => ({ 'application/json': { schema } });
const text = { type: 'string' };

function doc(paths: object, extra: object = {}): ApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1.0.0' },
    paths,
    ...extra,
  } as ApiDocument;
}

function summary(base: ApiDocument, revision: ApiDocument) {
  return diffOpenApi(base, revision, { now: NOW }).map(({ rule, level, location }) => ({
    rule,
    level,
    location,
  }));
}

const listOrders = { get: { operationId: 'listOrders', responses: ok } };
const query = (name: string, required = false, where = 'query') => ({
  name,
  in: where,
  required,
  schema: text,
});

const cases: [string, ApiDocument, ApiDocument, ReturnType<typeof summary>][] = [
  [
    'matches media types by essence, so a charset parameter or a capital letter is no change',
    doc({
      '/orders': { get: { responses: { '200': { description: 'OK', content: json(text) } } } },
    }),
    doc({
      '/orders': {
        get: {
          responses: {
            '200': {
              description: 'OK',
              content: { 'Application/JSON; charset=utf-8': { schema: text } },
            },
          },
        },
      },
    }),
    [],
  ],
  [
    'reports a removed path whose operations were not deprecated as an error',
    doc({ '/orders': listOrders, '/items': listOrders }),
    doc({ '/items': listOrders }),
    [{ rule: 'path-removed', level: 'error', location: '/orders' }],
  ],
  [
    'reports an added path and an added operation as info',
    doc({ '/orders': listOrders }),
    doc({ '/orders': { ...listOrders, post: { responses: ok } }, '/items': listOrders }),
    [
      { rule: 'operation-added', level: 'info', location: 'POST /orders' },
      { rule: 'path-added', level: 'info', location: '/items' },
    ],
  ],
  [
    'reports a removed operation beside a kept one as an error',
    doc({ '/orders': { ...listOrders, post: { responses: ok } } }),
    doc({ '/orders': listOrders }),
    [{ rule: 'operation-removed', level: 'error', location: 'POST /orders' }],
  ],
  [
    'reports removing a deprecated operation before its x-sunset as an error',
    doc({
      '/orders': {
        ...listOrders,
        post: { deprecated: true, 'x-sunset': '2027-06-30', responses: ok },
      },
    }),
    doc({ '/orders': listOrders }),
    [{ rule: 'operation-removed-before-sunset', level: 'error', location: 'POST /orders' }],
  ],
  [
    'reports removing a deprecated operation after its sunset as info',
    doc({
      '/orders': {
        ...listOrders,
        post: {
          deprecated: true,
          'x-junction-deprecation': { sunset: '2026-12-31' },
          responses: ok,
        },
      },
    }),
    doc({ '/orders': listOrders }),
    [{ rule: 'operation-removed-after-sunset', level: 'info', location: 'POST /orders' }],
  ],
  [
    'judges a removed path by the sunset the whole API announces',
    doc(
      { '/orders': listOrders, '/items': listOrders },
      { 'x-junction-deprecation': { sunset: '2026-06-30T00:00:00Z' } },
    ),
    doc({ '/items': listOrders }),
    [{ rule: 'operation-removed-after-sunset', level: 'info', location: 'GET /orders' }],
  ],
  [
    'warns about removing a deprecated operation that announced no sunset',
    doc({ '/orders': { ...listOrders, post: { deprecated: true, responses: ok } } }),
    doc({ '/orders': listOrders }),
    [{ rule: 'operation-removed-without-sunset', level: 'warning', location: 'POST /orders' }],
  ],
  [
    'reports an operation that became deprecated as info',
    doc({ '/orders': listOrders }),
    doc({ '/orders': { get: { ...listOrders.get, deprecated: true } } }),
    [{ rule: 'operation-became-deprecated', level: 'info', location: 'GET /orders' }],
  ],
  [
    'warns about a changed operationId',
    doc({ '/orders': listOrders }),
    doc({ '/orders': { get: { operationId: 'getOrders', responses: ok } } }),
    [{ rule: 'operation-id-changed', level: 'warning', location: 'GET /orders' }],
  ],
  [
    'treats a renamed path parameter as the same path and the same parameter',
    doc({ '/orgs/{id}': { get: { parameters: [query('id', true, 'path')], responses: ok } } }),
    doc({
      '/orgs/{orgId}': { get: { parameters: [query('orgId', true, 'path')], responses: ok } },
    }),
    [],
  ],
  [
    'reports added, removed and changed parameters each by their own rule',
    doc({
      '/orders': {
        parameters: [query('status')],
        get: {
          parameters: [
            query('limit'),
            query('cursor', true),
            query('X-Tenant', false, 'header'),
            query('sort'),
          ],
          responses: ok,
        },
      },
    }),
    doc({
      '/orders': {
        get: {
          parameters: [
            query('limit', true),
            query('cursor'),
            query('x-tenant', false, 'header'),
            query('sort', false, 'header'),
            query('region', true),
            query('expand'),
          ],
          responses: ok,
        },
      },
    }),
    [
      {
        rule: 'request-parameter-removed',
        level: 'warning',
        location: 'GET /orders parameter query status',
      },
      {
        rule: 'request-parameter-became-required',
        level: 'error',
        location: 'GET /orders parameter query limit',
      },
      {
        rule: 'request-parameter-became-optional',
        level: 'info',
        location: 'GET /orders parameter query cursor',
      },
      {
        rule: 'request-parameter-moved',
        level: 'error',
        location: 'GET /orders parameter query sort',
      },
      {
        rule: 'request-parameter-added-required',
        level: 'error',
        location: 'GET /orders parameter query region',
      },
      {
        rule: 'request-parameter-added-optional',
        level: 'info',
        location: 'GET /orders parameter query expand',
      },
    ],
  ],
  [
    'reports a request body added as required, and one added as optional',
    doc({ '/a': { post: { responses: ok } }, '/b': { post: { responses: ok } } }),
    doc({
      '/a': { post: { requestBody: { required: true, content: json(text) }, responses: ok } },
      '/b': { post: { requestBody: { content: json(text) }, responses: ok } },
    }),
    [
      { rule: 'request-body-added-required', level: 'error', location: 'POST /a request body' },
      { rule: 'request-body-added-optional', level: 'info', location: 'POST /b request body' },
    ],
  ],
  [
    'reports a removed request body, one that became required, and its media types',
    doc({
      '/a': { post: { requestBody: { content: json(text) }, responses: ok } },
      '/b': {
        post: {
          requestBody: { content: { ...json(text), 'text/csv': { schema: text } } },
          responses: ok,
        },
      },
    }),
    doc({
      '/a': { post: { responses: ok } },
      '/b': {
        post: {
          requestBody: {
            required: true,
            content: { ...json(text), 'application/xml': { schema: text } },
          },
          responses: ok,
        },
      },
    }),
    [
      { rule: 'request-body-removed', level: 'error', location: 'POST /a request body' },
      { rule: 'request-body-became-required', level: 'error', location: 'POST /b request body' },
      {
        rule: 'request-media-type-removed',
        level: 'error',
        location: 'POST /b request body text/csv',
      },
      {
        rule: 'request-media-type-added',
        level: 'info',
        location: 'POST /b request body application/xml',
      },
    ],
  ],
  [
    'reports a removed 2xx status as an error and another removed status as a warning',
    doc({
      '/a': { get: { responses: { '200': { description: 'OK' }, '404': { description: 'no' } } } },
    }),
    doc({ '/a': { get: { responses: { '201': { description: 'OK' } } } } }),
    [
      { rule: 'response-success-status-removed', level: 'error', location: 'GET /a response 200' },
      { rule: 'response-status-removed', level: 'warning', location: 'GET /a response 404' },
      { rule: 'response-status-added', level: 'info', location: 'GET /a response 201' },
    ],
  ],
  [
    'reports removed response media types and headers by whether clients could rely on them',
    doc({
      '/a': {
        get: {
          responses: {
            '200': {
              description: 'OK',
              content: { ...json(text), 'text/csv': { schema: text } },
              headers: {
                ETag: { required: true, schema: text },
                'X-Trace': { schema: text },
                Location: { required: true, schema: text },
              },
            },
          },
        },
      },
    }),
    doc({
      '/a': {
        get: {
          responses: {
            '200': {
              description: 'OK',
              content: json(text),
              headers: { location: { schema: text } },
            },
          },
        },
      },
    }),
    [
      {
        rule: 'response-media-type-removed',
        level: 'error',
        location: 'GET /a response 200 text/csv',
      },
      {
        rule: 'response-header-removed',
        level: 'error',
        location: 'GET /a response 200 header ETag',
      },
      {
        rule: 'response-optional-header-removed',
        level: 'warning',
        location: 'GET /a response 200 header X-Trace',
      },
      {
        rule: 'response-header-became-optional',
        level: 'error',
        location: 'GET /a response 200 header Location',
      },
    ],
  ],
  [
    'reports credentials newly required on an operation and globally as errors',
    doc({ '/a': { get: { responses: ok } }, '/b': { get: { responses: ok, security: [] } } }),
    doc(
      {
        '/a': { get: { responses: ok } },
        '/b': { get: { responses: ok, security: [{ key: [] }] } },
      },
      { security: [{ oauth: ['read'] }] },
    ),
    [
      { rule: 'global-security-added', level: 'error', location: 'security' },
      { rule: 'security-added', level: 'error', location: 'GET /b security' },
    ],
  ],
  [
    'reports an added scope and a dropped alternative as errors, the reverse as info',
    doc(
      { '/a': { get: { responses: ok, security: [{ key: [] }, { oauth: ['read'] }] } } },
      { security: [{ oauth: ['read', 'write'] }] },
    ),
    doc(
      { '/a': { get: { responses: ok, security: [{ oauth: ['read', 'admin'] }, { basic: [] }] } } },
      { security: [{ oauth: ['read'] }, { key: [] }] },
    ),
    [
      { rule: 'global-security-scope-removed', level: 'info', location: 'security' },
      { rule: 'global-security-alternative-added', level: 'info', location: 'security' },
      { rule: 'security-alternative-removed', level: 'error', location: 'GET /a security' },
      { rule: 'security-scope-added', level: 'error', location: 'GET /a security' },
      { rule: 'security-alternative-added', level: 'info', location: 'GET /a security' },
    ],
  ],
  [
    'reports lifted credentials as info',
    doc({ '/a': { get: { responses: ok, security: [{ key: [] }] } } }, { security: [{ key: [] }] }),
    doc({ '/a': { get: { responses: ok, security: [{}] } } }),
    [
      { rule: 'global-security-removed', level: 'info', location: 'security' },
      { rule: 'security-removed', level: 'info', location: 'GET /a security' },
    ],
  ],
  [
    'follows local $refs to parameters, bodies and responses',
    doc(
      {
        '/a': {
          post: {
            parameters: [{ $ref: '#/components/parameters/q' }],
            requestBody: { $ref: '#/components/requestBodies/b' },
            responses: { '200': { $ref: '#/components/responses/r' } },
          },
        },
      },
      {
        components: {
          parameters: { q: query('q') },
          requestBodies: { b: { content: json(text) } },
          responses: { r: { description: 'x', content: json(text) } },
        },
      },
    ),
    doc(
      {
        '/a': {
          post: {
            parameters: [{ $ref: '#/components/parameters/q' }],
            requestBody: { $ref: '#/components/requestBodies/b' },
            responses: { '200': { $ref: '#/components/responses/r' } },
          },
        },
      },
      {
        components: {
          parameters: { q: query('q', true) },
          requestBodies: { b: { content: {} } },
          responses: { r: { description: 'x' } },
        },
      },
    ),
    [
      {
        rule: 'request-parameter-became-required',
        level: 'error',
        location: 'POST /a parameter query q',
      },
      {
        rule: 'request-media-type-removed',
        level: 'error',
        location: 'POST /a request body application/json',
      },
      {
        rule: 'response-media-type-removed',
        level: 'error',
        location: 'POST /a response 200 application/json',
      },
    ],
  ],
];

describe('diffOpenApi', () => {
  it.each(cases)('%s', (_title, base, revision, want) => {
    expect(summary(base, revision)).toStrictEqual(want);
  });

  it('finds nothing between a document and itself', () => {
    const base = cases[10]![1];
    expect(diffOpenApi(base, base, { now: NOW })).toStrictEqual([]);
  });

  it('names the old and the new value in its messages', () => {
    const [found] = diffOpenApi(cases[9]![1], cases[9]![2], { now: NOW });
    expect(found).toStrictEqual({
      rule: 'operation-id-changed',
      level: 'warning',
      location: 'GET /orders',
      operation: 'getOrders',
      message:
        "operationId changed from 'listOrders' to 'getOrders'; generated clients rename the method",
    });
  });
});
