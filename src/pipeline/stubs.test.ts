import type { ComponentsObject, PathsObject } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

import type { ApiDocument } from './document.js';
import { generatedHeader } from './header.js';
import { generateStubs, toExpressPath } from './stubs.js';

function documentWith(paths: PathsObject, components: ComponentsObject = {}): ApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Stub test API', version: '1.0.0' },
    paths,
    components,
  };
}

/** The request and response types generated for one operation, without the blank line after. */
function operationBlock(stubs: string, operationId: string): string {
  const start = stubs.indexOf(`/** Request of \`${operationId}\``);
  const next = stubs.indexOf('\n/** ', stubs.indexOf(`/** Every response \`${operationId}\``));
  return stubs.slice(start, next).trimEnd();
}

/** The text from the first line that starts with `opening` to the next blank line. */
function section(stubs: string, opening: string): string {
  const start = stubs.indexOf(opening);
  return stubs.slice(start, stubs.indexOf('\n\n', start));
}

/** The names that occur more than once, once each. */
function repeated(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
}

const widget = { type: 'object', properties: { name: { type: 'string' } } } as const;
const problem = { type: 'object', properties: { title: { type: 'string' } } } as const;

describe('generateStubs', () => {
  const operations: {
    behaviour: string;
    given: ApiDocument;
    operationId: string;
    want: string[];
  }[] = [
    {
      behaviour: 'types a body response by status and a response without content as bodiless',
      given: documentWith({
        '/widgets/{widgetId}': {
          get: {
            operationId: 'getWidget',
            summary: 'Get a widget',
            parameters: [
              { name: 'widgetId', in: 'path', required: true, schema: { type: 'integer' } },
            ],
            responses: {
              '200': {
                description: 'The widget.',
                content: { 'application/json': { schema: widget } },
              },
              '404': { description: 'No such widget.' },
            },
          },
        },
      }),
      operationId: 'getWidget',
      want: [
        '/** Request of `getWidget` (GET /widgets/{widgetId}): Get a widget */',
        'export interface GetWidgetRequest {',
        "  params: Parameters<'/widgets/{widgetId}', 'get', 'path'>;",
        "  query: Parameters<'/widgets/{widgetId}', 'get', 'query'>;",
        "  headers: Parameters<'/widgets/{widgetId}', 'get', 'header'>;",
        '  body: undefined;',
        '}',
        '',
        '/** Every response `getWidget` may return, as the spec declares them. */',
        'export type GetWidgetResponse =',
        "  | { status: 200; headers?: ResponseHeaders; body: Content<'/widgets/{widgetId}', 'get', 200, 'application/json'> }",
        '  | { status: 404; headers?: ResponseHeaders; body?: undefined };',
      ],
    },
    {
      behaviour:
        'unions the request bodies of every media type and tells same-status responses apart by contentType',
      given: documentWith({
        '/widgets': {
          post: {
            operationId: 'createWidget',
            summary: 'Create a widget',
            requestBody: {
              content: {
                'application/json': { schema: widget },
                'application/x-www-form-urlencoded': { schema: widget },
              },
            },
            responses: {
              '201': {
                description: 'Created.',
                content: {
                  'application/json': { schema: widget },
                  'text/csv': { schema: { type: 'string' } },
                },
              },
            },
          },
        },
      }),
      operationId: 'createWidget',
      want: [
        '/** Request of `createWidget` (POST /widgets): Create a widget */',
        'export interface CreateWidgetRequest {',
        "  params: Parameters<'/widgets', 'post', 'path'>;",
        "  query: Parameters<'/widgets', 'post', 'query'>;",
        "  headers: Parameters<'/widgets', 'post', 'header'>;",
        "  body: Body<'/widgets', 'post', 'application/json'> | Body<'/widgets', 'post', 'application/x-www-form-urlencoded'> | undefined;",
        '}',
        '',
        '/** Every response `createWidget` may return, as the spec declares them. */',
        'export type CreateWidgetResponse =',
        "  | { status: 201; contentType: 'application/json'; headers?: ResponseHeaders; body: Content<'/widgets', 'post', 201, 'application/json'> }",
        "  | { status: 201; contentType: 'text/csv'; headers?: ResponseHeaders; body: Content<'/widgets', 'post', 201, 'text/csv'> };",
      ],
    },
    {
      behaviour: 'types default and range responses with any status under their quoted key',
      given: documentWith({
        '/jobs': {
          post: {
            operationId: 'runJob',
            summary: 'Run a job',
            responses: {
              '2XX': {
                description: 'Accepted.',
                content: { 'application/json': { schema: widget } },
              },
              default: {
                description: 'Failed.',
                content: { 'application/problem+json': { schema: problem } },
              },
            },
          },
        },
      }),
      operationId: 'runJob',
      want: [
        '/** Request of `runJob` (POST /jobs): Run a job */',
        'export interface RunJobRequest {',
        "  params: Parameters<'/jobs', 'post', 'path'>;",
        "  query: Parameters<'/jobs', 'post', 'query'>;",
        "  headers: Parameters<'/jobs', 'post', 'header'>;",
        '  body: undefined;',
        '}',
        '',
        '/** Every response `runJob` may return, as the spec declares them. */',
        'export type RunJobResponse =',
        "  | { status: number; headers?: ResponseHeaders; body: Content<'/jobs', 'post', '2XX', 'application/json'> }",
        "  | { status: number; headers?: ResponseHeaders; body: Content<'/jobs', 'post', 'default', 'application/problem+json'> };",
      ],
    },
    {
      behaviour: 'follows references to shared request bodies and responses',
      given: documentWith(
        {
          '/widgets/{widgetId}': {
            put: {
              operationId: 'replaceWidget',
              summary: 'Replace a widget',
              requestBody: { $ref: '#/components/requestBodies/WidgetBody' },
              responses: {
                '204': { description: 'Replaced.' },
                '404': { $ref: '#/components/responses/NotFound' },
              },
            },
          },
        },
        {
          requestBodies: {
            WidgetBody: { content: { 'application/merge-patch+json': { schema: widget } } },
          },
          responses: {
            NotFound: {
              description: 'Not found.',
              content: { 'application/problem+json': { schema: problem } },
            },
          },
        },
      ),
      operationId: 'replaceWidget',
      want: [
        '/** Request of `replaceWidget` (PUT /widgets/{widgetId}): Replace a widget */',
        'export interface ReplaceWidgetRequest {',
        "  params: Parameters<'/widgets/{widgetId}', 'put', 'path'>;",
        "  query: Parameters<'/widgets/{widgetId}', 'put', 'query'>;",
        "  headers: Parameters<'/widgets/{widgetId}', 'put', 'header'>;",
        "  body: Body<'/widgets/{widgetId}', 'put', 'application/merge-patch+json'> | undefined;",
        '}',
        '',
        '/** Every response `replaceWidget` may return, as the spec declares them. */',
        'export type ReplaceWidgetResponse =',
        '  | { status: 204; headers?: ResponseHeaders; body?: undefined }',
        "  | { status: 404; headers?: ResponseHeaders; body: Content<'/widgets/{widgetId}', 'put', 404, 'application/problem+json'> };",
      ],
    },
    {
      behaviour: 'derives the name of an operation without operationId from its method and path',
      given: documentWith({
        '/users/{userId}/orders': { get: { responses: { '200': { description: 'The orders.' } } } },
      }),
      operationId: 'getUsersUserIdOrders',
      want: [
        '/** Request of `getUsersUserIdOrders` (GET /users/{userId}/orders): getUsersUserIdOrders */',
        'export interface GetUsersUserIdOrdersRequest {',
        "  params: Parameters<'/users/{userId}/orders', 'get', 'path'>;",
        "  query: Parameters<'/users/{userId}/orders', 'get', 'query'>;",
        "  headers: Parameters<'/users/{userId}/orders', 'get', 'header'>;",
        '  body: undefined;',
        '}',
        '',
        '/** Every response `getUsersUserIdOrders` may return, as the spec declares them. */',
        'export type GetUsersUserIdOrdersResponse =',
        '  | { status: 200; headers?: ResponseHeaders; body?: undefined };',
      ],
    },
    {
      behaviour: 'keeps a multi-line summary on one line and cannot close the doc comment early',
      given: documentWith({
        '/ping': {
          get: {
            operationId: 'ping',
            summary: 'Ping the service\n  and wait */ for the answer',
            responses: {},
          },
        },
      }),
      operationId: 'ping',
      want: [
        '/** Request of `ping` (GET /ping): Ping the service and wait * / for the answer */',
        'export interface PingRequest {',
        "  params: Parameters<'/ping', 'get', 'path'>;",
        "  query: Parameters<'/ping', 'get', 'query'>;",
        "  headers: Parameters<'/ping', 'get', 'header'>;",
        '  body: undefined;',
        '}',
        '',
        '/** Every response `ping` may return, as the spec declares them. */',
        'export type PingResponse =',
        '  | { status: number; headers?: ResponseHeaders; body?: unknown };',
      ],
    },
  ];

  for (const { behaviour, given, operationId, want } of operations) {
    it(behaviour, () => {
      expect(operationBlock(generateStubs(given, 'label'), operationId)).toStrictEqual(
        want.join('\n'),
      );
    });
  }

  it('starts with the do-not-edit header naming the spec it was generated from', () => {
    const stubs = generateStubs(documentWith({}), 'specs/openapi/tiny/v1/openapi.yaml');

    expect(
      stubs.startsWith(
        generatedHeader('specs/openapi/tiny/v1/openapi.yaml') +
          "import type { paths } from './types.js';\n",
      ),
    ).toBe(true);
  });

  it('quotes handler names that are not identifiers and gives colliding type names a counter', () => {
    const given = documentWith({
      '/users/{id}': {
        get: { operationId: 'get-user', responses: { '204': { description: 'Found.' } } },
        head: { operationId: 'get_user', responses: { '204': { description: 'Found.' } } },
      },
    });

    expect(section(generateStubs(given, 'label'), 'export interface Handlers')).toStrictEqual(
      [
        'export interface Handlers<Context = unknown> {',
        '  /** GET /users/{id} */',
        "  'get-user'(request: GetUserRequest, context: Context): Promise<GetUserResponse> | GetUserResponse;",
        '  /** HEAD /users/{id} */',
        '  get_user(request: GetUser2Request, context: Context): Promise<GetUser2Response> | GetUser2Response;',
        '}',
      ].join('\n'),
    );
  });

  it('declares every response type once even when a counter-suffixed name is also an operationId', () => {
    const found = { '204': { description: 'Found.' } };
    const given = documentWith({
      '/users/{id}': {
        get: { operationId: 'getUser', responses: found },
        head: { operationId: 'get_user', responses: found },
      },
      '/v2/users/{id}': { get: { operationId: 'getUser2', responses: found } },
    });

    const declared = [
      ...generateStubs(given, 'label').matchAll(/^export type (\w+)Response =/gm),
    ].map((match) => match[1]!);

    expect(repeated(declared)).toStrictEqual([]);
  });

  it('lists every operation in the route table with its Express path and request media types', () => {
    const given = documentWith({
      '/users/{user-id}': {
        get: { operationId: 'getUser', responses: { '204': { description: 'Found.' } } },
        patch: {
          operationId: 'updateUser',
          requestBody: { content: { 'application/merge-patch+json': { schema: widget } } },
          responses: { '204': { description: 'Updated.' } },
        },
      },
    });

    expect(section(generateStubs(given, 'label'), 'export const routes')).toStrictEqual(
      [
        'export const routes: readonly RouteDefinition[] = [',
        `  { operationId: 'getUser', method: 'get', path: '/users/{user-id}', expressPath: '/users/:"user-id"', requestMediaTypes: [] },`,
        `  { operationId: 'updateUser', method: 'patch', path: '/users/{user-id}', expressPath: '/users/:"user-id"', requestMediaTypes: ['application/merge-patch+json'] },`,
        '];',
      ].join('\n'),
    );
  });
});

describe('toExpressPath', () => {
  const cases: { given: string; want: string }[] = [
    { given: '/', want: '/' },
    { given: '/a/{id}', want: '/a/:id' },
    { given: '/a/{user-id}', want: '/a/:"user-id"' },
    { given: '/users/{userId}/orders/{order_id}', want: '/users/:userId/orders/:order_id' },
    { given: '/files/{name}.json', want: '/files/:name.json' },
    { given: '/a/{1st}', want: '/a/:"1st"' },
    { given: '/a/{$top}', want: '/a/:$top' },
    // Express 5 reads a bare `:` as the start of another parameter, so a literal one is escaped.
    { given: '/jobs/{jobId}:cancel', want: '/jobs/:jobId\\:cancel' },
  ];

  for (const { given, want } of cases) {
    it(`spells ${given} as ${want}`, () => {
      expect(toExpressPath(given)).toStrictEqual(want);
    });
  }
});

describe('request bodies', () => {
  it.each([
    { required: true, want: "  body: Body<'/widgets', 'post', 'application/json'>;" },
    { required: false, want: "  body: Body<'/widgets', 'post', 'application/json'> | undefined;" },
  ])('types a body with required: $required as $want', ({ required, want }) => {
    const stubs = generateStubs(
      documentWith({
        '/widgets': {
          post: {
            operationId: 'createWidget',
            requestBody: { required, content: { 'application/json': { schema: widget } } },
            responses: { '204': { description: 'Created.' } },
          },
        },
      }),
      'label',
    );
    expect(stubs.split('\n').filter((line) => line.startsWith('  body: '))).toStrictEqual([want]);
  });
});
