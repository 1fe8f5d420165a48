import { readFileSync } from 'node:fs';

import { StageFailure } from '../../pipeline/diagnostics.js';
import type { SourceLocation } from '../../pipeline/diagnostics.js';
import { bundleSpec } from '../../pipeline/bundle.js';
import { convertSwagger2, isSwagger2 } from '../../pipeline/convert.js';
import { loadRedoclyConfig } from '../../pipeline/redocly.js';
import { parseSourceText } from '../../pipeline/source.js';
import { describeValue, isRecord } from '../pact/index.js';

/** A provider contract ready to check pacts against: every reference is local to the document. */
export type ContractSpec =
  | { kind: 'openapi'; dialect: '3.0' | '3.1'; document: Record<string, unknown> }
  | { kind: 'asyncapi'; document: Record<string, unknown> };

/** A spec, or the problem that stopped it being read. */
export type SpecResult = { ok: true; spec: ContractSpec } | { ok: false; problem: string };

/**
 * Reads a spec file of one or many files: external references are bundled into the document, and
 * a Swagger 2.0 document is converted to OpenAPI 3.0 first. Never throws for a bad file; the
 * problem names the file, the line and column where they are known, what was expected and what
 * arrived.
 */
export async function loadSpecFile(file: string): Promise<SpecResult> {
  const problem = (arrived: string): SpecResult => ({
    ok: false,
    problem: `cannot read the spec ${file}: ${arrived}`,
  });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return problem(`expected a YAML or JSON file, got ${readFailureOf(err)}`);
  }
  try {
    const parsed = await loadSpecDocument(parseSourceText(text, file));
    if (!parsed.ok) return problem(parsed.problem);
    const { document } = await bundleSpec(file, await loadRedoclyConfig());
    return await loadSpecDocument(document);
  } catch (err) {
    return problem(reasonOf(err, file));
  }
}

/** Classifies a parsed, bundled document as OpenAPI 3.0, 3.1 or AsyncAPI; converts Swagger 2.0. */
export async function loadSpecDocument(document: unknown): Promise<SpecResult> {
  if (isSwagger2(document)) return loadSpecDocument(await convertSwagger2(document));
  if (!isRecord(document)) return notASpec(describeValue(document));
  const { openapi, asyncapi } = document;
  if (typeof openapi === 'string' && /^3\.0\./.test(openapi))
    return { ok: true, spec: { kind: 'openapi', dialect: '3.0', document } };
  if (typeof openapi === 'string' && /^3\.[1-9]\./.test(openapi))
    return { ok: true, spec: { kind: 'openapi', dialect: '3.1', document } };
  if (typeof asyncapi === 'string' && /^[23]\./.test(asyncapi))
    return { ok: true, spec: { kind: 'asyncapi', document } };
  return notASpec(versionFieldOf(document));
}

const VERSION_FIELDS = ['openapi', 'swagger', 'asyncapi'] as const;

/** The version field that arrived and its value, or the keys of a document that has none. */
function versionFieldOf(document: Record<string, unknown>): string {
  const field = VERSION_FIELDS.find((name) => document[name] !== undefined);
  if (field !== undefined) return `${field}: ${describeValue(document[field])}`;
  const keys = describeValue(Object.keys(document));
  return `an object without an "openapi", "swagger" or "asyncapi" field (its keys: ${keys})`;
}

function notASpec(arrived: string): SpecResult {
  return {
    ok: false,
    problem: `expected an OpenAPI 3.x, Swagger 2.0 or AsyncAPI 2.x/3.x document, got ${arrived}`,
  };
}

/** What a failed read of the spec file met, in words; the path is already in the message. */
const READ_FAILURES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'a directory',
  EACCES: 'a file this process may not read (EACCES)',
};

function readFailureOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && READ_FAILURES[code]) || reasonOf(err, '');
}

function reasonOf(err: unknown, file: string): string {
  if (!(err instanceof StageFailure)) return err instanceof Error ? err.message : String(err);
  if (err.stage === 'parse') {
    const errors = err.diagnostics.map((diagnostic) => {
      const at = diagnostic.location ? ` ${positionOf(diagnostic.location, file)}` : '';
      return `a syntax error${at}: ${diagnostic.message}`;
    });
    return `expected YAML or JSON, got ${errors.join('; ')}`;
  }
  const found = err.diagnostics.map((diagnostic) => {
    const at = diagnostic.location ? ` (${positionOf(diagnostic.location, file)})` : '';
    return `${diagnostic.message}${at}`;
  });
  return err.stage === 'bundle'
    ? `expected every $ref to resolve, got ${found.join('; ')}`
    : found.join('; ');
}

/** `at line 3, column 1`, naming the file when it is not the spec's root file. */
function positionOf(location: SourceLocation, file: string): string {
  const other = location.file === file ? '' : ` of ${location.file}`;
  return `at line ${location.line}, column ${location.column}${other}`;
}
