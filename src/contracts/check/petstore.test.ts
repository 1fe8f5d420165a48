import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { readPact } from '../pact/index.js';
import { checkPact } from './check-pact.js';
import type { PactReport } from './model.js';
import { loadSpecFile } from './spec.js';

const EXAMPLES = join(import.meta.dirname, '../../../../shared/corpus/openapi/oai-examples');

const json = { 'Content-Type': 'application/json' };

/** A V2 pact of a pet shop front end, with one interaction per outcome. */
const pactFile = {
  consumer: { name: 'pet-shop-web' },
  provider: { name: 'petstore' },
  metadata: { pactSpecification: { version: '2.0.0' } },
  interactions: [
    {
      description: 'lists pets',
      request: { method: 'GET', path: '/v1/pets', query: 'limit=20' },
      response: { status: 200, headers: json, body: [{ id: 1, name: 'Rex', tag: 'dog' }] },
    },
    {
      description: 'lists too many pets',
      request: { method: 'GET', path: '/pets', query: 'limit=500' },
      response: { status: 200, headers: json, body: [{ id: '1', name: 'Rex' }] },
    },
    {
      description: 'reads an owner',
      request: { method: 'GET', path: '/owners/1' },
      response: { status: 200 },
    },
    {
      description: 'removes a pet',
      request: { method: 'DELETE', path: '/pets/1' },
      response: { status: 204 },
    },
    {
      description: 'creates a pet without a name',
      request: { method: 'POST', path: '/pets', headers: json, body: { id: 7 } },
      response: { status: 201 },
    },
    {
      description: 'reads a missing pet',
      request: { method: 'GET', path: '/pets/99' },
      response: { status: 404, headers: json, body: { code: 404, message: 'no such pet' } },
    },
  ],
};

const want: PactReport = {
  consumer: 'pet-shop-web',
  provider: 'petstore',
  summary: { pass: 2, fail: 4, unsupported: 0 },
  verdicts: [
    {
      description: 'lists pets',
      kind: 'http',
      outcome: 'pass',
      detail: 'GET /pets -> 200',
      reasons: [],
    },
    {
      description: 'lists too many pets',
      kind: 'http',
      outcome: 'fail',
      detail: 'GET /pets -> 200',
      reasons: [
        {
          code: 'invalid-parameter',
          pointer: '/request/query/limit',
          expected: 'a number <= 100',
          actual: '500',
        },
        {
          code: 'invalid-response-body',
          pointer: '/response/body/0/id',
          expected: 'type integer',
          actual: 'string "1"',
        },
      ],
    },
    {
      description: 'reads an owner',
      kind: 'http',
      outcome: 'fail',
      detail: 'GET /owners/1',
      reasons: [
        {
          code: 'unknown-path',
          pointer: '/request/path',
          expected: 'a path of the spec: /pets, /pets/{petId}',
          actual: '"/owners/1"',
        },
      ],
    },
    {
      description: 'removes a pet',
      kind: 'http',
      outcome: 'fail',
      detail: 'DELETE /pets/{petId}',
      reasons: [
        {
          code: 'unknown-method',
          pointer: '/request/method',
          expected: 'one of GET',
          actual: '"DELETE"',
        },
      ],
    },
    {
      description: 'creates a pet without a name',
      kind: 'http',
      outcome: 'fail',
      detail: 'POST /pets -> 201',
      reasons: [
        {
          code: 'invalid-request-body',
          pointer: '/request/body/name',
          expected: 'required property "name"',
          actual: 'nothing',
        },
      ],
    },
    {
      description: 'reads a missing pet',
      kind: 'http',
      outcome: 'pass',
      detail: 'GET /pets/{petId} -> default',
      reasons: [],
    },
  ],
};

describe('checking a pact against a corpus petstore', () => {
  it('gives each interaction of the OpenAPI 3.0 petstore its verdict and every reason', async () => {
    const loaded = await loadSpecFile(join(EXAMPLES, 'v3.0/petstore.yaml'));
    const read = readPact(pactFile);
    expect(read.ok && loaded.ok && checkPact(read.pact, loaded.spec)).toStrictEqual(want);
  });

  it('checks the Swagger 2.0 petstore after converting it, under its basePath', async () => {
    const loaded = await loadSpecFile(join(EXAMPLES, 'v2.0/json/petstore.json'));
    const read = readPact(pactFile);
    const report = read.ok && loaded.ok ? checkPact(read.pact, loaded.spec) : undefined;
    const codes = report?.verdicts.map((verdict) => [
      verdict.outcome,
      ...verdict.reasons.map((reason) => `${reason.code} ${reason.pointer}`),
    ]);
    // The 2.0 petstore sets no maximum on `limit` and declares no body for `POST /pets`.
    expect(codes).toStrictEqual([
      ['pass'],
      ['fail', 'invalid-response-body /response/body/0/id'],
      ['fail', 'unknown-path /request/path'],
      ['fail', 'unknown-method /request/method'],
      ['fail', 'unexpected-request-body /request/body'],
      ['pass'],
    ]);
  });
});

describe('loading specs', () => {
  it('bundles a multi-file spec', async () => {
    const loaded = await loadSpecFile(
      join(EXAMPLES, 'v2.0/yaml/petstore-separate/spec/swagger.yaml'),
    );
    expect(loaded.ok && loaded.spec.kind).toBe('openapi');
  });
});
