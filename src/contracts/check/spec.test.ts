import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { loadSpecFile } from './spec.js';

const dir = mkdtempSync(join(tmpdir(), 'junction-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to `name` under the test folder and returns its path. */
function specFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const INFO = 'info: { title: Orders, version: 1.0.0 }\n';

describe('reporting a spec that cannot be read', () => {
  it.each<[string, () => string, string]>([
    [
      'a file that does not exist',
      () => join(dir, 'absent.yaml'),
      'expected a YAML or JSON file, got no such file',
    ],
    [
      'a folder',
      () => {
        mkdirSync(join(dir, 'folder.yaml'));
        return join(dir, 'folder.yaml');
      },
      'expected a YAML or JSON file, got a directory',
    ],
    [
      'YAML with a syntax error',
      () => specFile('unclosed.yaml', `openapi: 3.1.0\ninfo: { title: Orders\npaths: {}\n`),
      'expected YAML or JSON, got a syntax error at line 3, column 1: Flow map in block collection must be sufficiently indented and end with a }',
    ],
    [
      'a document without a version field',
      () => specFile('package.json', '{ "name": "orders", "version": "1.0.0" }'),
      'expected an OpenAPI 3.x, Swagger 2.0 or AsyncAPI 2.x/3.x document, got an object without an "openapi", "swagger" or "asyncapi" field (its keys: ["name","version"])',
    ],
    [
      'an OpenAPI version the check does not know',
      () => specFile('future.yaml', `openapi: 4.0.0\n${INFO}`),
      'expected an OpenAPI 3.x, Swagger 2.0 or AsyncAPI 2.x/3.x document, got openapi: "4.0.0"',
    ],
    [
      'a Swagger version before 2.0',
      () => specFile('old.json', '{ "swagger": "1.2", "apis": [] }'),
      'expected an OpenAPI 3.x, Swagger 2.0 or AsyncAPI 2.x/3.x document, got swagger: "1.2"',
    ],
    [
      'a reference to a file that does not exist',
      () =>
        specFile(
          'dangling.yaml',
          `openapi: 3.1.0\n${INFO}paths:\n  /orders:\n    $ref: ./orders.yaml\n`,
        ),
      `expected every $ref to resolve, got Can't resolve $ref: ENOENT: no such file or directory '${join(dir, 'orders.yaml')}' (at line 5, column 5)`,
    ],
  ])('names the file, where and what arrived for %s', async (_name, given, want) => {
    const file = given();
    expect(await loadSpecFile(file)).toStrictEqual({
      ok: false,
      problem: `cannot read the spec ${file}: ${want}`,
    });
  });
});
