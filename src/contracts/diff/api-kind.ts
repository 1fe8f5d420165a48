import { DiffInputError } from './model.js';

/** What a document's root says it is: OpenAPI 3.x, Swagger 2.0, or AsyncAPI (any version). */
export type ApiKind = 'openapi' | 'swagger' | 'asyncapi';

const KEYS = 'an `openapi`, `swagger` or `asyncapi` key';

/**
 * The kind of API a parsed document root describes. Throws `DiffInputError` saying what arrived
 * for a root that is not an object with one of the three keys, and which versions are supported
 * for an OpenAPI or Swagger version that is not 3.x or 2.0. AsyncAPI versions are left to its
 * loader.
 */
export function apiKindOf(root: unknown, label: string): ApiKind {
  if (!isObject(root)) {
    throw new DiffInputError(
      label,
      `not an OpenAPI or AsyncAPI document: expected an object with ${KEYS} at the root, got ${describeRoot(root)}`,
    );
  }
  if ('asyncapi' in root) return 'asyncapi';
  if ('openapi' in root) return openApiKind(root['openapi'], label);
  if ('swagger' in root) return swaggerKind(root['swagger'], label);
  throw new DiffInputError(
    label,
    `not an OpenAPI or AsyncAPI document: expected ${KEYS} at the root, got ${describeRoot(root)}`,
  );
}

function openApiKind(version: unknown, label: string): ApiKind {
  if (typeof version === 'string' && /^3\./.test(version)) return 'openapi';
  const message = `unsupported OpenAPI version ${showVersion(version, '3.0.3')}; expected 3.x or Swagger 2.0`;
  throw new DiffInputError(label, message);
}

function swaggerKind(version: unknown, label: string): ApiKind {
  if (version === '2.0') return 'swagger';
  const message = `unsupported Swagger version ${showVersion(version, '2.0')}; expected Swagger 2.0 or OpenAPI 3.x`;
  throw new DiffInputError(label, message);
}

/** A version as it arrived; YAML reads an unquoted `2.0` as the number 2, so say so. */
function showVersion(version: unknown, example: string): string {
  if (typeof version === 'number')
    return `${version} (a number; write the version as a string, such as "${example}")`;
  return JSON.stringify(version) ?? String(version);
}

/** What a document root is, for a message: `an empty document`, `a list of 2 items`, ... */
function describeRoot(root: unknown): string {
  if (root === undefined || root === null) return 'an empty document';
  if (Array.isArray(root))
    return root.length === 0
      ? 'an empty list'
      : `a list of ${root.length} item${root.length === 1 ? '' : 's'}`;
  if (isObject(root)) {
    const keys = Object.keys(root);
    if (keys.length === 0) return 'an empty object';
    const shown = keys.slice(0, 5).map((key) => JSON.stringify(key));
    return `an object with the keys ${shown.join(', ')}${keys.length > 5 ? ', ...' : ''}`;
  }
  const text = JSON.stringify(root);
  return `the ${typeof root} ${text.length > 40 ? `${text.slice(0, 37)}...` : text}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
