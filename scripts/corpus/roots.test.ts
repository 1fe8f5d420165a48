import { describe, expect, it } from 'vitest';

import { compareText, declaresRootKey, rootVersionOf } from './roots.js';

describe('rootVersionOf', () => {
  const cases: { name: string; given: unknown; want: string | undefined }[] = [
    {
      name: 'an OpenAPI 3.0 root',
      given: { openapi: '3.0.3', info: {}, paths: {} },
      want: '3.0.3',
    },
    {
      name: 'an OpenAPI 3.1 root without paths',
      given: { openapi: '3.1.0', webhooks: {} },
      want: '3.1.0',
    },
    { name: 'a Swagger 2.0 root', given: { swagger: '2.0', info: {}, paths: {} }, want: '2.0' },
    { name: 'an unquoted YAML version read as a number', given: { swagger: 2 }, want: '2' },
    { name: 'a path-item fragment', given: { get: { responses: {} } }, want: undefined },
    {
      name: 'a schema fragment',
      given: { type: 'object', properties: { id: {} } },
      want: undefined,
    },
    {
      name: 'a JSON Schema wrapper describing an openapi property',
      given: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        properties: { openapi: { type: 'string' } },
      },
      want: undefined,
    },
    {
      name: 'an openapi key holding a schema',
      given: { openapi: { type: 'string' } },
      want: undefined,
    },
    { name: 'an openapi key holding prose', given: { openapi: 'see the docs' }, want: undefined },
    { name: 'a top-level array', given: [{ openapi: '3.0.0' }], want: undefined },
    { name: 'a scalar document', given: 'openapi: 3.0.0', want: undefined },
    { name: 'an empty document', given: null, want: undefined },
  ];

  for (const { name, given, want } of cases) {
    it(`reads ${String(want)} from ${name}`, () => {
      expect(rootVersionOf(given)).toStrictEqual(want);
    });
  }
});

describe('declaresRootKey', () => {
  const cases: { name: string; given: string; want: boolean }[] = [
    { name: 'a YAML root', given: 'openapi: 3.0.0\ninfo: [', want: true },
    {
      name: 'an indented YAML root after a document marker',
      given: '---\n  swagger: "2.0"\n',
      want: true,
    },
    { name: 'a JSON root', given: '{\n  "swagger": "2.0",\n  "info": {', want: true },
    {
      name: 'a key nested deeper than the top level',
      given: 'a:\n      b:\n        openapi: 3',
      want: false,
    },
    {
      name: 'a fragment that mentions OpenAPI in prose',
      given: 'description: see the openapi docs',
      want: false,
    },
  ];

  for (const { name, given, want } of cases) {
    it(`answers ${String(want)} for ${name}`, () => {
      expect(declaresRootKey(given)).toStrictEqual(want);
    });
  }
});

describe('compareText', () => {
  it('sorts by code unit, upper case before lower case, whatever the locale', () => {
    const given = ['xero/b.yaml', 'apideck/crm.yml', 'Xero/a.yaml', 'apideck/accounting.yml'];
    expect([...given].sort(compareText)).toStrictEqual([
      'Xero/a.yaml',
      'apideck/accounting.yml',
      'apideck/crm.yml',
      'xero/b.yaml',
    ]);
  });
});
