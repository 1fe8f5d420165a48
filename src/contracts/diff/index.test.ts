import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { DiffInputError, diffFiles, majorRaised } from './index.js';

const projectDir = resolve(import.meta.dirname, '..', '..', '..');
const corpus = join(projectDir, '..', 'shared', 'corpus');
const petstore2 = join(corpus, 'openapi', 'oai-examples', 'v2.0', 'yaml', 'petstore.yaml');
const petstore3 = join(corpus, 'openapi', 'oai-examples', 'v3.0', 'petstore.yaml');
const streetlights = join(corpus, 'asyncapi', 'spec-v3.0.0', 'streetlights-mqtt-asyncapi.yml');
const canonical = join(projectDir, 'specs', 'openapi', 'canonical', 'v1', 'openapi.yaml');

const scratch = mkdtempSync(join(tmpdir(), 'junction-diff-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const minimal = (version: string) =>
  `openapi: 3.0.3\ninfo: {title: t, version: '${version}'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n`;

describe('diffFiles', () => {
  it('converts Swagger 2.0 before comparing it with OpenAPI 3.0', async () => {
    const report = await diffFiles(petstore2, petstore3);
    expect(
      report.findings.map(({ rule, level, location }) => ({ rule, level, location })),
    ).toStrictEqual([
      {
        rule: 'request-parameter-max-set',
        level: 'warning',
        location: 'GET /pets parameter query limit',
      },
      {
        rule: 'response-body-max-items-set',
        level: 'info',
        location: 'GET /pets response 200 body',
      },
      { rule: 'request-body-added-required', level: 'error', location: 'POST /pets request body' },
      {
        rule: 'response-body-type-changed',
        level: 'error',
        location: 'GET /pets/{petId} response 200 body',
      },
    ]);
  });

  it('bundles a multi-file spec and finds nothing between it and itself', async () => {
    const report = await diffFiles(canonical, canonical);
    expect(report).toStrictEqual({
      kind: 'openapi',
      base: { source: canonical, version: '1.0.0' },
      revision: { source: canonical, version: '1.0.0' },
      findings: [],
      majorVersionBumped: false,
    });
  });

  it('marks a report whose info.version major went up', async () => {
    const report = await diffFiles(
      file('v1.yaml', minimal('1.4.0')),
      file('v2.yaml', minimal('2.0.0')),
    );
    expect(report.majorVersionBumped).toBe(true);
  });

  it.each([
    [
      'a file that does not parse',
      'broken.yaml',
      'openapi: 3.0.0\ninfo: [\n',
      /broken\.yaml: yaml-syntax at line 3, column 1: /,
    ],
    [
      'a document that is neither OpenAPI nor AsyncAPI',
      'other.yaml',
      'name: x\n',
      /other\.yaml: not an OpenAPI or AsyncAPI document: expected an `openapi`, `swagger` or `asyncapi` key at the root, got an object with the keys "name"$/,
    ],
    [
      'a Swagger 1.2 document, naming the versions it supports',
      'swagger-1.2.yaml',
      "swagger: '1.2'\napis: []\n",
      /swagger-1\.2\.yaml: unsupported Swagger version "1\.2"; expected Swagger 2\.0 or OpenAPI 3\.x$/,
    ],
    [
      'a Swagger 1.2 document that refers to other files, before reading them',
      'swagger-1.2-refs.yaml',
      "swagger: '1.2'\napis:\n  - $ref: pets.yaml\n",
      /swagger-1\.2-refs\.yaml: unsupported Swagger version "1\.2"; expected Swagger 2\.0 or OpenAPI 3\.x$/,
    ],
    [
      'a Swagger version that YAML reads as a number',
      'swagger-number.yaml',
      'swagger: 2.0\ninfo: {title: t, version: 1}\npaths: {}\n',
      /swagger-number\.yaml: unsupported Swagger version 2 \(a number; write the version as a string, such as "2\.0"\); expected Swagger 2\.0 or OpenAPI 3\.x$/,
    ],
    [
      'an empty file',
      'empty.yaml',
      '',
      /empty\.yaml: not an OpenAPI or AsyncAPI document: expected an object with an `openapi`, `swagger` or `asyncapi` key at the root, got an empty document$/,
    ],
    [
      'a file of comments only',
      'comments.yaml',
      '# the API comes later\n',
      /comments\.yaml: .* at the root, got an empty document$/,
    ],
    [
      'a list at the root',
      'list.yaml',
      '- openapi: 3.0.3\n- paths: {}\n',
      /list\.yaml: not an OpenAPI or AsyncAPI document: expected an object with an `openapi`, `swagger` or `asyncapi` key at the root, got a list of 2 items$/,
    ],
    ['an empty JSON list at the root', 'list.json', '[]', /list\.json: .* got an empty list$/],
    [
      'a string at the root',
      'string.yaml',
      'openapi 3.0.3\n',
      /string\.yaml: .* at the root, got the string "openapi 3\.0\.3"$/,
    ],
    [
      'an unsupported OpenAPI version',
      'v4.yaml',
      'openapi: 4.0.0\ninfo: {title: t, version: 1}\npaths: {}\n',
      /v4\.yaml: unsupported OpenAPI version "4\.0\.0"; expected 3\.x or Swagger 2\.0$/,
    ],
    ['a missing file', 'missing.yaml', undefined, /missing\.yaml: no such file/],
    [
      'paths that are not an object',
      'paths-number.yaml',
      'openapi: 3.0.3\ninfo: {title: t, version: 1}\npaths: 5\n',
      /paths-number\.yaml: expected \/paths to be an object, got number 5$/,
    ],
    [
      'parameters that are not parameter objects',
      'parameters-null.yaml',
      'openapi: 3.0.3\ninfo: {title: t, version: 1}\npaths:\n  /a:\n    get:\n      parameters: [null, 3]\n      responses: {}\n',
      /expected the parameters of GET \/a to be a list of parameter objects, got a list$/,
    ],
    [
      'a $ref to a component that is not there',
      'dangling.yaml',
      "openapi: 3.0.3\ninfo: {title: t, version: 1}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}\n",
      /the \$ref "#\/components\/schemas\/Nope" at \/paths\/~1a\/get\/responses\/200\/content\/application~1json\/schema points to nothing in the document$/,
    ],
  ])('refuses %s with a DiffInputError naming the file', async (_what, name, text, want) => {
    const path = text === undefined ? join(scratch, name) : file(name, text);
    const err: unknown = await diffFiles(path, petstore3).catch((caught: unknown) => caught);
    expect(err).toBeInstanceOf(DiffInputError);
    expect((err as Error).message).toMatch(want);
  });

  it('reads JSON that starts with a byte order mark', async () => {
    const json = '{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}';
    const path = file('bom.json', `\uFEFF${json}`);
    expect((await diffFiles(path, path)).findings).toStrictEqual([]);
  });

  it('refuses to compare OpenAPI with AsyncAPI', async () => {
    const err: unknown = await diffFiles(petstore3, streetlights).catch(
      (caught: unknown) => caught,
    );
    expect(err).toBeInstanceOf(DiffInputError);
    expect((err as Error).message).toMatch(/is AsyncAPI but the base .* is OpenAPI/);
  });
});

describe('majorRaised', () => {
  it.each([
    ['1.0.0', '2.0.0', true],
    ['v1', 'v2', true],
    ['1.9.0', '1.10.0', false],
    ['2.0.0', '1.0.0', false],
    ['2022-11-15', '2022-11-15', false],
    ['2024-01-01', '2025-01-01', false],
    [undefined, '2.0.0', false],
  ])('%s -> %s is %s', (base, revision, want) => {
    expect(majorRaised(base, revision)).toBe(want);
  });
});
