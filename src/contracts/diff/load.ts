import { createConfig, parseYaml } from '@redocly/openapi-core';
import type { Config } from '@redocly/openapi-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { bundleSpec, explainParseFailure } from '../../pipeline/bundle.js';
import { StageFailure } from '../../pipeline/diagnostics.js';
import type { ApiDocument } from '../../pipeline/document.js';
import { convertSwagger2 } from '../../pipeline/convert.js';
import { loadAsyncApiDocument } from './asyncapi/index.js';
import { apiKindOf } from './api-kind.js';
import { DiffInputError } from './model.js';

/** A document ready to compare: OpenAPI bundled and at 3.x, or AsyncAPI as its loader gives it. */
export type LoadedDocument =
  | { kind: 'openapi'; source: string; version: string | undefined; document: ApiDocument }
  | { kind: 'asyncapi'; source: string; version: string | undefined; document: unknown };

let bundleConfig: Promise<Config> | undefined;

/**
 * Reads one API document, resolving `$ref`s to other files. Swagger 2.0 comes back converted to
 * OpenAPI 3.0. Throws `DiffInputError` for a file that is missing, does not parse, or is neither
 * OpenAPI nor AsyncAPI. `label` names the document in messages (`specs/x.yaml@HEAD~1`).
 */
export async function loadDocument(path: string, label = path): Promise<LoadedDocument> {
  if (!existsSync(path)) throw new DiffInputError(label, 'no such file');
  const text = readText(path, label);
  const parsed = parseRoot(path, text, label);
  const kind = apiKindOf(parsed, label);
  if (kind === 'asyncapi') {
    const document = await loadAsyncApiDocument(path);
    return { kind: 'asyncapi', source: label, version: versionOf(document), document };
  }
  const root = EXTERNAL_REF.test(text) ? await bundleRoot(path, label) : parsed;
  const document = kind === 'swagger' ? await convert(root, label) : root;
  assertOpenApi3(document, label);
  assertShape(document, label);
  assertLocalRefsResolve(document, label);
  return { kind: 'openapi', source: label, version: versionOf(document), document };
}

/**
 * The parts the comparison walks must be objects: a `paths` that is a number would otherwise
 * read as every path removed, and a broken file would pass for breaking changes.
 */
function assertShape(document: ApiDocument, label: string): void {
  const paths: unknown = document.paths;
  if (paths === undefined) return;
  if (!isObject(paths))
    throw new DiffInputError(label, `expected /paths to be an object, got ${describe(paths)}`);
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item))
      throw new DiffInputError(
        label,
        `expected the path item ${path} to be an object, got ${describe(item)}`,
      );
    for (const [key, operation] of Object.entries(item)) {
      if (
        key === 'parameters'
          ? !Array.isArray(operation) || !operation.every(isObject)
          : HTTP_METHODS.has(key) && !isObject(operation)
      )
        throw new DiffInputError(
          label,
          `expected ${key} of ${path} to be ${key === 'parameters' ? 'a list of parameter objects' : 'an operation object'}, got ${describe(operation)}`,
        );
      const parameters = isObject(operation) ? operation['parameters'] : undefined;
      if (parameters !== undefined && (!Array.isArray(parameters) || !parameters.every(isObject)))
        throw new DiffInputError(
          label,
          `expected the parameters of ${key.toUpperCase()} ${path} to be a list of parameter objects, got ${describe(parameters)}`,
        );
    }
  }
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** A `#/...` reference to nothing would be compared as an empty schema; refuse it instead. */
function assertLocalRefsResolve(document: unknown, label: string): void {
  const seen = new Set<unknown>();
  const visit = (node: unknown, at: string): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const ref = (node as Record<string, unknown>)['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#') && resolveLocal(document, ref) === undefined)
      throw new DiffInputError(
        label,
        `the $ref ${JSON.stringify(ref)} at ${at || '/'} points to nothing in the document`,
      );
    for (const [key, child] of Object.entries(node))
      visit(child, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  visit(document, '');
}

function resolveLocal(document: unknown, ref: string): unknown {
  let node = document;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

function readText(path: string, label: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    throw new DiffInputError(label, reasonOf(err), { cause: err });
  }
}

/** The document as parsed, before any other file it refers to is read. */
function parseRoot(path: string, text: string, label: string): unknown {
  try {
    return parseText(path, text);
  } catch (err) {
    throw new DiffInputError(label, reasonOf(err), { cause: err });
  }
}

/**
 * The root with the files it refers to pulled in. Only a root that refers to other files is
 * bundled: a single-file document, however large (Stripe's is 4 MB), is used as parsed, and
 * parsing alone is a third of the cost.
 */
async function bundleRoot(path: string, label: string): Promise<unknown> {
  try {
    bundleConfig ??= createConfig({});
    return (await bundleSpec(path, await bundleConfig)).document;
  } catch (err) {
    throw new DiffInputError(label, reasonOf(err), { cause: err });
  }
}

/** A `$ref` whose value, plain, quoted or folded, does not start with `#`: another file or a URL. */
const EXTERNAL_REF = /\$ref["']?\s*:\s*(?:[>|][-+]?\s+)?["']?[^"'#\s>|]/;

function parseText(path: string, text: string): unknown {
  try {
    return text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return explainParseFailure(path, err);
  }
}

async function convert(document: unknown, label: string): Promise<ApiDocument> {
  try {
    return await convertSwagger2(document);
  } catch (err) {
    throw new DiffInputError(label, `Swagger 2.0 could not be converted: ${reasonOf(err)}`, {
      cause: err,
    });
  }
}

/** Bundling keeps the root and conversion gives 3.0; this checks that both did. */
function assertOpenApi3(document: unknown, label: string): asserts document is ApiDocument {
  if (apiKindOf(document, label) === 'openapi') return;
  throw new DiffInputError(label, 'expected OpenAPI 3.x after converting Swagger 2.0, got Swagger');
}

/** Redocly's words for a document version it cannot bundle. */
const UNSUPPORTED =
  'the bundler refused it as an unsupported specification; expected OpenAPI 3.0 or 3.1, or Swagger 2.0';

function reasonOf(err: unknown): string {
  if (err instanceof StageFailure) {
    const [first] = err.diagnostics;
    if (!first) return err.message;
    const where = first.location
      ? ` at line ${first.location.line}, column ${first.location.column}`
      : '';
    return `${first.rule}${where}: ${first.message}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return message === 'Unsupported specification' ? UNSUPPORTED : message;
}

function versionOf(document: unknown): string | undefined {
  const info = isObject(document) ? document['info'] : undefined;
  const version = isObject(info) ? info['version'] : undefined;
  return typeof version === 'string' || typeof version === 'number' ? String(version) : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A git ref that names no commit here: a first commit's parent, or one a shallow clone lacks. */
export class MissingRefError extends Error {
  constructor(readonly ref: string) {
    super(
      `base ref '${ref}' does not name a commit in this repository (a first commit or a shallow clone)`,
    );
    this.name = 'MissingRefError';
  }
}

/** The repository's top folder, for paths inside a tree taken at another ref. */
export function repositoryRoot(cwd: string): string {
  return git(cwd, ['rev-parse', '--show-toplevel']).trim();
}

/**
 * Writes the whole repository's tree at `ref` into a temporary folder, runs `act` on it and removes
 * it. Multi-file specs need their siblings, so the whole tree is taken, not single files.
 * Throws `MissingRefError` when `ref` names no commit.
 */
export async function withTreeAt<T>(
  cwd: string,
  ref: string,
  act: (dir: string) => Promise<T>,
): Promise<T> {
  const top = repositoryRoot(cwd);
  try {
    git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new MissingRefError(ref);
  }
  const dir = mkdtempSync(join(tmpdir(), 'junction-diff-'));
  try {
    git(top, ['archive', '--format=tar', '-o', join(dir, '.tree.tar'), ref]);
    execFileSync('tar', ['-xf', join(dir, '.tree.tar'), '-C', dir]);
    return await act(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
