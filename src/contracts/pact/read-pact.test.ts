import { describe, expect, it } from 'vitest';

import type { PactResult } from './model.js';
import { readPact, readPactText } from './read-pact.js';

const parties = { consumer: { name: 'portal' }, provider: { name: 'canonical-v1' } };

const get = (request: object, response: object = { status: 200 }) => ({
  description: 'reads one',
  request: { method: 'get', path: '/organizations', ...request },
  response,
});

describe('reading the version of a pact', () => {
  it.each([
    ['pactSpecification.version', { pactSpecification: { version: '3.0.0' } }, 'V3', 'metadata'],
    [
      "'pact-specification'.version",
      { 'pact-specification': { version: '1.1.0' } },
      'V1.1',
      'metadata',
    ],
    ['pactSpecificationVersion', { pactSpecificationVersion: '2.0.0' }, 'V2', 'metadata'],
    ['a short V4 version', { pactSpecification: { version: '4.0' } }, 'V4', 'metadata'],
    ['no metadata', undefined, 'V2', 'inferred'],
    ['a null version', { 'pact-specification': { version: null } }, 'V2', 'inferred'],
  ])('reads %s', (_name, metadata, version, versionSource) => {
    const result = readPact({ ...parties, metadata, interactions: [get({})] });
    expect(result.ok && [result.pact.version, result.pact.versionSource]).toStrictEqual([
      version,
      versionSource,
    ]);
  });

  it.each([
    [
      'typed interactions as V4',
      { interactions: [{ ...get({}), type: 'Synchronous/HTTP' }] },
      'V4',
    ],
    ['a messages list as V3', { messages: [] }, 'V3'],
    ['a query object as V3', { interactions: [get({ query: { a: ['1'] } })] }, 'V3'],
  ])('infers %s', (_name, shape, version) => {
    const result = readPact({ ...parties, ...shape });
    expect(result.ok && result.pact.version).toBe(version);
  });
});

describe('refusing what is not a pact', () => {
  it.each<[string, string, PactResult]>([
    [
      'text that is not JSON',
      '{ "consumer": ',
      {
        ok: false,
        problem: {
          code: 'not-json',
          message: 'expected JSON, got Unexpected end of JSON input',
        },
      },
    ],
    [
      'a matcher test case',
      '{ "match": true, "comment": "x", "expected": {}, "actual": {} }',
      {
        ok: false,
        problem: {
          code: 'not-a-pact',
          message:
            'not a pact file: expected an object with an "interactions" or "messages" list, got an object with keys ["match","comment","expected","actual"]',
        },
      },
    ],
    [
      'a JSON list',
      '[1, 2]',
      {
        ok: false,
        problem: {
          code: 'not-a-pact',
          message:
            'not a pact file: expected an object with an "interactions" or "messages" list, got [1,2]',
        },
      },
    ],
    [
      'version 5.0.0',
      '{ "interactions": [], "metadata": { "pactSpecification": { "version": "5.0.0" } } }',
      {
        ok: false,
        problem: {
          code: 'unknown-version',
          message:
            'expected a Pact specification version 1.0.0, 1.1.0, 2.0.0, 3.0.0 or 4.0, got version "5.0.0"',
        },
      },
    ],
    [
      'a nonsense version',
      '{ "interactions": [], "metadata": { "pactSpecificationVersion": "banana" } }',
      {
        ok: false,
        problem: {
          code: 'unknown-version',
          message:
            'expected a Pact specification version 1.0.0, 1.1.0, 2.0.0, 3.0.0 or 4.0, got version "banana"',
        },
      },
    ],
  ])('reports %s as a problem', (_name, text, want) => {
    expect(readPactText(text)).toStrictEqual(want);
  });
});

describe('reading HTTP interactions into one model', () => {
  it.each<[string, object, object]>([
    [
      'a V2 query string, header and JSON body',
      {
        metadata: { pactSpecification: { version: '2.0.0' } },
        interactions: [
          get({
            query: 'name=ron&name=bob&status=good',
            headers: { 'Content-Type': 'application/json' },
            body: { legalName: 'Acme' },
          }),
        ],
      },
      {
        method: 'GET',
        path: '/organizations',
        query: { name: ['ron', 'bob'], status: ['good'] },
        headers: { 'content-type': 'application/json' },
        body: { contentType: 'application/json', form: 'json', value: { legalName: 'Acme' } },
      },
    ],
    [
      'a V2 string body under a JSON type as its JSON text',
      {
        metadata: { pactSpecification: { version: '2.0.0' } },
        interactions: [get({ headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' })],
      },
      {
        method: 'GET',
        path: '/organizations',
        query: {},
        headers: { 'content-type': 'application/json' },
        body: { contentType: 'application/json', form: 'json', value: { a: 1 } },
      },
    ],
    [
      'a V4 body with JSON content as text, and header lists',
      {
        metadata: { pactSpecification: { version: '4.0' } },
        interactions: [
          {
            ...get({
              query: { limit: ['5'] },
              headers: { Accept: ['application/json', 'text/plain'] },
              body: { content: '{"a":1}', contentType: 'application/json', encoded: false },
            }),
            type: 'Synchronous/HTTP',
          },
        ],
      },
      {
        method: 'GET',
        path: '/organizations',
        query: { limit: ['5'] },
        headers: { accept: 'application/json, text/plain' },
        body: { contentType: 'application/json', form: 'json', value: { a: 1 } },
      },
    ],
    [
      'a V4 body under the media type of its Content-Type header',
      {
        metadata: { pactSpecification: { version: '4.0' } },
        interactions: [
          {
            ...get({
              method: 'PATCH',
              headers: { 'Content-Type': ['application/merge-patch+json'] },
              body: { content: { a: null }, contentType: 'application/json', encoded: false },
            }),
            type: 'Synchronous/HTTP',
          },
        ],
      },
      {
        method: 'PATCH',
        path: '/organizations',
        query: {},
        headers: { 'content-type': 'application/merge-patch+json' },
        body: { contentType: 'application/merge-patch+json', form: 'json', value: { a: null } },
      },
    ],
    [
      'a V4 base64 JSON body',
      {
        metadata: { pactSpecification: { version: '4.0' } },
        interactions: [
          {
            ...get({
              body: {
                content: Buffer.from('{"b":[true]}').toString('base64'),
                contentType: 'application/json',
                encoded: 'base64',
              },
            }),
            type: 'Synchronous/HTTP',
          },
        ],
      },
      {
        method: 'GET',
        path: '/organizations',
        query: {},
        headers: {},
        body: { contentType: 'application/json', form: 'json', value: { b: [true] } },
      },
    ],
  ])('reads %s', (_name, file, wantRequest) => {
    const result = readPact({ ...parties, ...file });
    const interaction = result.ok ? result.pact.interactions[0] : undefined;
    expect(interaction?.kind === 'http' && interaction.request).toStrictEqual(wantRequest);
  });
});

describe('reading message and other interactions', () => {
  it('reads a V3 message with its metaData spelling', () => {
    const result = readPact({
      ...parties,
      messages: [{ description: 'hello', contents: 'Hi', metaData: { contentType: 'text/plain' } }],
    });
    expect(result.ok && result.pact.interactions).toStrictEqual([
      {
        kind: 'message',
        description: 'hello',
        contents: { contentType: 'text/plain', form: 'text', value: 'Hi' },
        metadata: { contentType: 'text/plain' },
      },
    ]);
  });

  it('reports an interaction of an unknown V4 type as unsupported', () => {
    const result = readPact({
      ...parties,
      interactions: [{ type: 'Synchronous/gRPC', description: 'calls' }],
    });
    expect(result.ok && result.pact.interactions).toStrictEqual([
      {
        kind: 'unsupported',
        description: 'calls',
        reason:
          'unsupported interaction type "Synchronous/gRPC": expected Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages',
      },
    ]);
  });
});

describe('refusing a malformed HTTP interaction instead of guessing', () => {
  const read = (request: object, response: object = { status: 200 }) => {
    const interaction = { description: 'reads one', request, response };
    const result = readPact({ ...parties, interactions: [interaction] });
    return result.ok ? result.pact.interactions : result.problem;
  };
  const unsupported = (reason: string) => [
    { kind: 'unsupported', description: 'reads one', reason },
  ];
  const path = '/organizations';

  it.each<[string, object, object | undefined, string]>([
    [
      'a request without a method',
      { path },
      undefined,
      'expected request.method to be an HTTP method such as "GET", got nothing',
    ],
    [
      'a method that is not a string',
      { method: 42, path },
      undefined,
      'expected request.method to be an HTTP method such as "GET", got 42',
    ],
    [
      'a method that is not an HTTP token',
      { method: 'GET /organizations', path },
      undefined,
      'expected request.method to be an HTTP method such as "GET", got "GET /organizations"',
    ],
    [
      'a request without a path',
      { method: 'GET' },
      undefined,
      'expected request.path to be a path starting with "/", got nothing',
    ],
    [
      'a path without its leading slash',
      { method: 'GET', path: 'organizations' },
      undefined,
      'expected request.path to be a path starting with "/", got "organizations"',
    ],
    [
      'a response without a status',
      { method: 'GET', path },
      {},
      'expected response.status to be an integer from 100 to 599, got nothing',
    ],
    [
      'a status that is text',
      { method: 'GET', path },
      { status: 'two hundred' },
      'expected response.status to be an integer from 100 to 599, got "two hundred"',
    ],
    [
      'a status outside the HTTP range',
      { method: 'GET', path },
      { status: 42 },
      'expected response.status to be an integer from 100 to 599, got 42',
    ],
  ])('reports %s as unsupported with what arrived', (_name, request, response, reason) => {
    expect(read(request, response)).toStrictEqual(unsupported(reason));
  });

  it('names every malformed field of one interaction', () => {
    expect(read({ method: null }, { status: 200.5 })).toStrictEqual(
      unsupported(
        'expected request.method to be an HTTP method such as "GET", got null; ' +
          'expected request.path to be a path starting with "/", got nothing; ' +
          'expected response.status to be an integer from 100 to 599, got 200.5',
      ),
    );
  });
});
