import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateOpenApi } from './openapi-api.js';
import type { OpenApiJob } from './openapi-api.js';
import { loadRedoclyConfig } from './redocly.js';
import { StageRecorder } from './stage.js';

// The handler modules are type-checked beside the stubs generated from widgets.yaml, inside the
// project so that `openapi-fetch` and the project's package.json (ESM) resolve as they do for
// real generated code.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(repoRoot, 'test', 'fixtures', 'stubs');
const generatedModules = ['types.ts', 'handlers.ts', 'client.ts'];

/** Where one diagnostic points and what it says. */
interface Finding {
  file: string;
  line: number;
  code: number;
  message: string;
}

let workDir = '';
let program: ts.Program;

/** The compiler options of the project's own tsconfig.json, so fixtures compile as our code does. */
function projectCompilerOptions(): ts.CompilerOptions {
  const tsconfig = ts.readConfigFile(join(repoRoot, 'tsconfig.json'), (file) =>
    ts.sys.readFile(file),
  );
  return ts.parseJsonConfigFileContent(tsconfig.config, ts.sys, repoRoot).options;
}

function findingsOf(module: string): Finding[] {
  const source = program.getSourceFile(join(workDir, module));
  if (!source) throw new Error(`${module} is not part of the program`);
  return ts.getPreEmitDiagnostics(program, source).map((diagnostic) => ({
    file: diagnostic.file ? relative(workDir, diagnostic.file.fileName) : '-',
    line: diagnostic.file
      ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1
      : 0,
    code: diagnostic.code,
    message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
  }));
}

const broken: {
  behaviour: string;
  module: string;
  want: Omit<Finding, 'message'>;
  mentions: string;
}[] = [
  {
    behaviour: 'rejects a module that misses an operation, naming the operation',
    module: 'missing-operation.ts',
    want: { file: 'missing-operation.ts', line: 8, code: 1360 },
    mentions: "Property 'createWidget' is missing",
  },
  {
    behaviour: 'rejects a handler that returns a status the spec does not declare',
    module: 'undeclared-status.ts',
    want: { file: 'undeclared-status.ts', line: 5, code: 2322 },
    mentions: "Type '418' is not assignable",
  },
  {
    behaviour: 'rejects a handler whose body does not have the shape of the schema',
    module: 'wrong-body.ts',
    want: { file: 'wrong-body.ts', line: 9, code: 2322 },
    mentions: "Property 'name' is missing in type '{ id: number; label: string; }'",
  },
  {
    behaviour: 'rejects a handler that uses an integer path parameter as a string',
    module: 'wrong-param-type.ts',
    want: { file: 'wrong-param-type.ts', line: 10, code: 2345 },
    mentions: "Argument of type 'number' is not assignable to parameter of type 'string'",
  },
];
const handlerModules = ['correct.ts', ...broken.map((row) => row.module)];

beforeAll(async () => {
  mkdirSync(join(repoRoot, '.junction-cache'), { recursive: true });
  workDir = mkdtempSync(join(repoRoot, '.junction-cache', 'stub-typing-'));
  const job: OpenApiJob = {
    id: 'widgets-v1',
    name: 'widgets',
    version: 'v1',
    layer: 'context',
    root: join(fixtures, 'widgets.yaml'),
    label: 'test/fixtures/stubs/widgets.yaml',
    outDir: workDir,
    mockIndex: 0,
    lint: false,
    docs: false,
  };
  await generateOpenApi(job, await loadRedoclyConfig(), new StageRecorder(job.id, () => undefined));
  for (const module of handlerModules) copyFileSync(join(fixtures, module), join(workDir, module));
  const roots = [...generatedModules, ...handlerModules].map((module) => join(workDir, module));
  program = ts.createProgram(roots, projectCompilerOptions());
});

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('generated server stubs', () => {
  it('are checked with the strict options of the project', () => {
    const {
      strict,
      noUncheckedIndexedAccess,
      exactOptionalPropertyTypes,
      module,
      moduleResolution,
      noEmit,
      skipLibCheck,
    } = program.getCompilerOptions();

    expect({
      strict,
      noUncheckedIndexedAccess,
      exactOptionalPropertyTypes,
      module,
      moduleResolution,
      noEmit,
      skipLibCheck,
    }).toStrictEqual({
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
      skipLibCheck: true,
    });
  });

  for (const module of generatedModules) {
    it(`compile cleanly: ${module}`, () => {
      expect(findingsOf(module)).toStrictEqual([]);
    });
  }

  it('accept a module that implements every operation with declared statuses and bodies', () => {
    expect(findingsOf('correct.ts')).toStrictEqual([]);
  });

  for (const { behaviour, module, want, mentions } of broken) {
    it(behaviour, () => {
      const findings = findingsOf(module);

      expect(findings.map(({ file, line, code }) => ({ file, line, code }))).toStrictEqual([want]);
      expect(findings[0]?.message).toContain(mentions);
    });
  }
});
