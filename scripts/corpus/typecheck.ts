import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import ts from 'typescript';

/** How the generated TypeScript of one document compiled. */
export interface TypecheckResult {
  errors: number;
  /** The first error as `file(line,col): TSnnnn message`, when there is one. */
  first?: string;
}

/** The strict options generated code must compile under when the project has no tsconfig. */
const STRICT: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
};

/**
 * Type-checks `files` with the project's compiler options (strict, NodeNext), emitting nothing
 * and skipping library declarations. Modules resolve from the folders the files sit in.
 */
export function typecheckFiles(files: readonly string[], projectDir: string): TypecheckResult {
  const options = { ...STRICT, ...projectOptions(projectDir), noEmit: true, skipLibCheck: true };
  const program = ts.createProgram({ rootNames: files, options });
  const errors = ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  const first = errors[0];
  if (!first) return { errors: 0 };
  const baseDir = dirname(files[0] ?? projectDir);
  return { errors: errors.length, first: formatTsDiagnostic(first, baseDir) };
}

function projectOptions(projectDir: string): ts.CompilerOptions {
  const file = join(projectDir, 'tsconfig.json');
  if (!existsSync(file)) return {};
  const config: unknown = ts.readConfigFile(file, (path) => ts.sys.readFile(path)).config;
  const json = (config as { compilerOptions?: unknown } | undefined)?.compilerOptions ?? {};
  return ts.convertCompilerOptionsFromJson(json, projectDir).options;
}

function formatTsDiagnostic(diagnostic: ts.Diagnostic, baseDir: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code} ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const where = relative(baseDir, diagnostic.file.fileName);
  return `${where}(${line + 1},${character + 1}): TS${diagnostic.code} ${message}`;
}
