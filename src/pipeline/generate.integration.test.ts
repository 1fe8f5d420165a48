import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CatalogEntry } from './catalog.js';
import type { Diagnostic } from './diagnostics.js';
import { generateProject, generateSpecFile, projectPaths } from './run.js';
import type { GenerateReport } from './run.js';
import type { StageResult } from './stage.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const tinySpec = readFileSync(join(repoRoot, 'test/fixtures/pipeline/tiny.yaml'), 'utf8');
const petstoreMinimal = fileURLToPath(
  new URL(
    '../../../shared/corpus/openapi/oai-examples/v2.0/json/petstore-minimal.json',
    import.meta.url,
  ),
);

const createdDirs: string[] = [];

afterAll(() => {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fresh project with the house lint rules, the shared definitions they read, and one
 * `openapi.yaml` per `name/version` key. The tiny specs stand alone, without the shared Problem
 * schema, so the rule that asks for it is off.
 */
function createProject(specs: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-generate-'));
  createdDirs.push(dir);
  const houseRules = readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8');
  writeFileSync(
    join(dir, 'redocly.yaml'),
    houseRules.replace(/(\n {2}problem-responses:\n {4}severity:) error/, '$1 off'),
  );
  cpSync(join(repoRoot, 'specs/openapi/shared'), join(dir, 'specs/openapi/shared'), {
    recursive: true,
  });
  for (const [api, text] of Object.entries(specs)) writeSpec(dir, api, text);
  return dir;
}

function writeSpec(projectDir: string, api: string, text: string): string {
  const file = join(projectDir, 'specs', 'openapi', api, 'openapi.yaml');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Runs the pipeline over a project and collects what it reported on the way. */
async function generate(
  projectDir: string,
): Promise<{ report: GenerateReport; progress: StageResult[] }> {
  const progress: StageResult[] = [];
  const report = await generateProject(projectPaths(projectDir), (result) => progress.push(result));
  return { report, progress };
}

interface FileState {
  sha256: string;
  mtimeMs: number;
}

/** Every file under `dir` by relative path, with a hash of its bytes and its modification time. */
function snapshotTree(dir: string): Record<string, FileState> {
  const tree: Record<string, FileState> = {};
  for (const file of listFiles(dir)) {
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    tree[relative(dir, file)] = { sha256, mtimeMs: statSync(file).mtimeMs };
  }
  return tree;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
    )
    .sort();
}

function contentsOf(tree: Record<string, FileState>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, state]) => [path, state.sha256]),
  );
}

/** Staging and retired output folders a run should never leave beside `generated/`. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => /\.(tmp|old)-\d+$/.test(name));
}

function stagesOf(results: readonly StageResult[]): string[] {
  return results.map((result) => `${result.api} ${result.stage} ${result.status}`).sort();
}

function errorsOf(report: GenerateReport): Diagnostic[] {
  return report.results
    .flatMap((result) => result.diagnostics)
    .filter((diagnostic) => diagnostic.severity === 'error');
}

const tinyEntry: CatalogEntry = {
  id: 'tiny-v1',
  name: 'tiny',
  version: 'v1',
  kind: 'openapi',
  layer: 'context',
  title: 'Tiny API',
  description: 'The smallest API the pipeline tests generate.',
  apiVersion: '1.0.0',
  basePath: '/tiny/v1',
  operations: 1,
  schemas: ['Widget'],
  events: [],
  mockPort: 4010,
};

describe('generateProject', () => {
  it('writes every output of an API version and the catalog', async () => {
    const dir = createProject({ 'tiny/v1': tinySpec });

    const { report } = await generate(dir);

    expect(report.ok).toBe(true);
    expect(report.changed).toStrictEqual(['tiny-v1']);
    expect(stagesOf(report.results)).toStrictEqual([
      'catalog catalog ok',
      'tiny-v1 bundle ok',
      'tiny-v1 clients ok',
      'tiny-v1 docs ok',
      'tiny-v1 gateway ok',
      'tiny-v1 lint ok',
      'tiny-v1 mocks ok',
      'tiny-v1 stubs ok',
      'tiny-v1 types ok',
      'tiny-v1 validate ok',
    ]);
    expect(
      listFiles(join(dir, 'generated')).map((file) => relative(join(dir, 'generated'), file)),
    ).toStrictEqual([
      'catalog.json',
      'index.html',
      'tiny-v1/api.json',
      'tiny-v1/client.ts',
      'tiny-v1/gateway.json',
      'tiny-v1/handlers.ts',
      'tiny-v1/index.html',
      'tiny-v1/mock.json',
      'tiny-v1/openapi.json',
      'tiny-v1/types.ts',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'generated/catalog.json'), 'utf8'))).toStrictEqual({
      apis: [tinyEntry],
    });
    expect(JSON.parse(readFileSync(join(dir, 'generated/tiny-v1/api.json'), 'utf8'))).toStrictEqual(
      tinyEntry,
    );
    expect(leftovers(dir)).toStrictEqual([]);
  });

  it('does no work and touches no file when no spec changed since the last run', async () => {
    const dir = createProject({ 'tiny/v1': tinySpec });
    await generate(dir);
    const before = snapshotTree(join(dir, 'generated'));

    const { report, progress } = await generate(dir);

    expect(report).toStrictEqual({ results: [], changed: [], ok: true });
    expect(progress).toStrictEqual([
      { api: 'tiny-v1', stage: 'bundle', status: 'skipped', ms: 0, diagnostics: [] },
    ]);
    expect(snapshotTree(join(dir, 'generated'))).toStrictEqual(before);
  });

  it('regenerates only the API version whose spec changed', async () => {
    const dir = createProject({
      'tiny/v1': tinySpec,
      'tiny/v2': tinySpec.replace('/tiny/v1', '/tiny/v2'),
    });
    await generate(dir);
    const before = snapshotTree(join(dir, 'generated'));
    writeSpec(
      dir,
      'tiny/v2',
      tinySpec.replace('/tiny/v1', '/tiny/v2').replace('Get a widget', 'Fetch a widget'),
    );

    const { report } = await generate(dir);
    const after = snapshotTree(join(dir, 'generated'));

    expect(report.ok).toBe(true);
    expect(report.changed).toStrictEqual(['tiny-v2']);
    expect([...new Set(report.results.map((result) => result.api))].sort()).toStrictEqual([
      'catalog',
      'tiny-v2',
    ]);
    expect(contentsOf(after, 'tiny-v1/')).toStrictEqual(contentsOf(before, 'tiny-v1/'));
    expect(after['tiny-v2/handlers.ts']?.sha256).not.toStrictEqual(
      before['tiny-v2/handlers.ts']?.sha256,
    );
    expect(readFileSync(join(dir, 'generated/tiny-v2/handlers.ts'), 'utf8')).toContain(
      '/** Request of `getWidget` (GET /widgets/{widgetId}): Fetch a widget */',
    );
  });

  describe('a failing run', () => {
    let template = '';

    beforeAll(async () => {
      template = createProject({ 'tiny/v1': tinySpec });
      const { report } = await generate(template);
      if (!report.ok) throw new Error('the template project did not generate');
    });

    const specFile = 'specs/openapi/tiny/v1/openapi.yaml';
    const failures: {
      behaviour: string;
      edit: (spec: string) => string;
      want: (file: string) => Diagnostic[];
    }[] = [
      {
        behaviour: 'reports malformed YAML at the line and column of the problem',
        edit: (spec) =>
          spec.replace(
            '      summary: Get a widget\n',
            '      summary: Get a widget\n      tags: [widgets\n',
          ),
        want: (file) => [
          {
            rule: 'yaml-syntax',
            severity: 'error',
            message:
              'Flow sequence in block collection must be sufficiently indented and end with a ]',
            location: { file, line: 17, column: 7 },
          },
        ],
      },
      {
        behaviour: 'reports a $ref that does not resolve where the $ref is',
        edit: (spec) =>
          spec.replace("'#/components/schemas/Widget'", "'#/components/schemas/Gadget'"),
        want: (file) => [
          {
            rule: 'no-unresolved-refs',
            severity: 'error',
            message: "Can't resolve $ref",
            location: {
              file,
              line: 28,
              column: 17,
              pointer:
                '#/paths/~1widgets~1{widgetId}/get/responses/200/content/application~1json/schema',
            },
          },
        ],
      },
      {
        behaviour: 'reports an OpenAPI 3.0 response without description at that response',
        edit: (spec) =>
          spec
            .replace('openapi: 3.1.0', 'openapi: 3.0.3')
            .replace('description: No widget has this id.', 'content: {}'),
        want: (file) => [
          {
            rule: 'struct',
            severity: 'error',
            message: 'The field `description` must be present on this level.',
            location: {
              file,
              line: 29,
              column: 9,
              pointer: '#/paths/~1widgets~1{widgetId}/get/responses/404',
            },
          },
        ],
      },
      {
        behaviour: 'reports a path item that is not an object at its value',
        edit: (spec) => spec.replace('paths:\n', 'paths:\n  /gadgets: 42\n'),
        want: (file) => [
          {
            rule: 'struct',
            severity: 'error',
            message: 'Expected type `PathItem` (object) but got `integer`',
            location: { file, line: 12, column: 13, pointer: '#/paths/~1gadgets' },
          },
        ],
      },
    ];

    for (const { behaviour, edit, want } of failures) {
      it(`${behaviour}, and leaves generated/ exactly as it was`, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'junction-generate-'));
        createdDirs.push(dir);
        cpSync(template, dir, { recursive: true });
        writeSpec(dir, 'tiny/v1', edit(tinySpec));
        const before = snapshotTree(join(dir, 'generated'));

        const { report } = await generate(dir);

        expect(report.ok).toBe(false);
        expect(report.changed).toStrictEqual([]);
        expect(errorsOf(report)).toStrictEqual(want(join(dir, specFile)));
        expect(snapshotTree(join(dir, 'generated'))).toStrictEqual(before);
        expect(leftovers(dir)).toStrictEqual([]);
      });
    }
  });
});

describe('generateSpecFile', () => {
  it('converts a Swagger 2.0 document to OpenAPI 3 and generates its types', async () => {
    const dir = createProject({});
    const outDir = join(dir, 'out');

    const report = await generateSpecFile(petstoreMinimal, outDir, () => undefined);

    expect(report.ok).toBe(true);
    expect(report.changed).toStrictEqual(['petstore-minimal']);
    expect(readdirSync(outDir).sort()).toStrictEqual([
      'api.json',
      'client.ts',
      'gateway.json',
      'handlers.ts',
      'index.html',
      'mock.json',
      'openapi.json',
      'types.ts',
    ]);
    expect(
      (JSON.parse(readFileSync(join(outDir, 'openapi.json'), 'utf8')) as { openapi: string })
        .openapi,
    ).toBe('3.0.0');
    expect(readFileSync(join(outDir, 'types.ts'), 'utf8')).toContain(
      [
        '    schemas: {',
        '        Pet: {',
        '            /** Format: int64 */',
        '            id: number;',
        '            name: string;',
        '            tag?: string;',
        '        };',
        '    };',
      ].join('\n'),
    );
    expect(readFileSync(join(outDir, 'handlers.ts'), 'utf8')).toContain(
      "  | { status: 200; headers?: ResponseHeaders; body: Content<'/pets', 'get', 200, 'application/json'> };",
    );
    expect(JSON.parse(readFileSync(join(outDir, 'api.json'), 'utf8'))).toStrictEqual({
      id: 'petstore-minimal',
      name: 'petstore-minimal',
      version: 'v1',
      kind: 'openapi',
      layer: 'external',
      title: 'Swagger Petstore',
      description:
        'A sample API that uses a petstore as an example to demonstrate features in the swagger-2.0 specification',
      apiVersion: '1.0.0',
      basePath: '/api',
      operations: 1,
      schemas: ['Pet'],
      events: [],
      mockPort: 4010,
    });
    expect(leftovers(dir)).toStrictEqual([]);
  });

  it('reports a document that breaks the OpenAPI schema at the line of the problem and writes nothing', async () => {
    const dir = createProject({});
    const file = join(dir, 'openapi.yaml');
    writeFileSync(
      file,
      tinySpec
        .replace('openapi: 3.1.0', 'openapi: 3.0.3')
        .replace('description: No widget has this id.', 'content: {}'),
    );
    const at = {
      file,
      line: 30,
      column: 11,
      pointer: '#/paths/~1widgets~1{widgetId}/get/responses/404',
    };
    const problem = (message: string): Diagnostic => ({
      rule: 'openapi-schema',
      severity: 'error',
      message: `/paths/~1widgets~1{widgetId}/get/responses/404 ${message}`,
      location: at,
    });

    const report = await generateSpecFile(file, join(dir, 'out'), () => undefined);

    expect(report.ok).toBe(false);
    expect(errorsOf(report)).toStrictEqual([
      problem("must have required property 'description'"),
      problem("must have required property '$ref'"),
      problem('must match exactly one schema in oneOf'),
    ]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(leftovers(dir)).toStrictEqual([]);
  });
});
