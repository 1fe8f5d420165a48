import type { PactRequest } from '../pact/index.js';
import type { Findings } from './findings.js';
import { followRecord } from './refs.js';
import type { SchemaValidator } from './schema-validator.js';

/** A parameter object with its references followed. */
type Parameter = Record<string, unknown>;

// OpenAPI 3.x, 4.8.12.1: header parameters with these names are described elsewhere and ignored.
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/**
 * Checks the path, query and header parameters of a request: each required one is present, and
 * each present one is valid against its schema, read from its string form as HTTP carries it.
 */
export function checkParameters(
  parameters: readonly Parameter[],
  request: PactRequest,
  pathParams: Record<string, string>,
  context: { document: Record<string, unknown>; params: SchemaValidator },
  findings: Findings,
): void {
  for (const parameter of parameters) {
    const name = String(parameter.name);
    const location = String(parameter.in);
    if (location === 'header' && IGNORED_HEADERS.has(name.toLowerCase())) continue;
    const values = valuesOf(location, name, request, pathParams);
    const pointer = `/request/${location === 'header' ? 'headers' : location}/${escape(name)}`;
    if (values === undefined) {
      if (parameter.required === true)
        findings.add(
          'missing-parameter',
          pointer,
          `required ${location} parameter "${name}"`,
          'nothing',
        );
      continue;
    }
    const schema = parameter.schema ?? contentSchema(parameter, context.document);
    if (schema === undefined) continue;
    const value =
      parameter.schema === undefined
        ? parseJson(values[0] ?? '')
        : shape(values, followRecord(context.document, schema), parameter);
    if (value === undefined) continue;
    const verdict = context.params.validate(schema, value, 'request', pointer);
    findings.addSchemaVerdict('invalid-parameter', verdict, `${location} parameter ${name}`);
  }
}

/** Merges path-level and operation-level parameters; the operation's win (OpenAPI 3.x, 4.8.9). */
export function mergeParameters(
  document: Record<string, unknown>,
  shared: unknown,
  own: unknown,
): Parameter[] {
  const read = (list: unknown) =>
    (Array.isArray(list) ? list : []).map((entry) => followRecord(document, entry));
  const mine = read(own);
  const key = (parameter: Parameter) => `${String(parameter.in)}:${String(parameter.name)}`;
  const overridden = new Set(mine.map(key));
  return [...read(shared).filter((parameter) => !overridden.has(key(parameter))), ...mine];
}

function valuesOf(
  location: string,
  name: string,
  request: PactRequest,
  pathParams: Record<string, string>,
): string[] | undefined {
  if (location === 'path') return pathParams[name] === undefined ? undefined : [pathParams[name]];
  if (location === 'query') return request.query[name];
  if (location === 'header') {
    const value = request.headers[name.toLowerCase()];
    return value === undefined ? undefined : [value];
  }
  if (location === 'cookie') return cookieValue(request.headers.cookie, name);
  return undefined;
}

/**
 * Lists stay lists (exploded query values, or comma-separated for `simple` and non-exploded
 * `form` styles); scalars take the first value; objects are not checked, as their serialization
 * (`deepObject`, exploded form) is not kept apart in a pact.
 */
function shape(values: string[], schema: Record<string, unknown>, parameter: Parameter): unknown {
  const type = schema.type;
  if (type === 'object') return undefined;
  if (type !== 'array') return values[0];
  const explode = parameter.explode ?? (parameter.in === 'query' || parameter.in === 'cookie');
  return explode === true && parameter.in === 'query'
    ? values
    : values.flatMap((value) => value.split(','));
}

function contentSchema(parameter: Parameter, document: Record<string, unknown>): unknown {
  const content = followRecord(document, parameter.content);
  const first = Object.values(content)[0];
  return first === undefined ? undefined : followRecord(document, first).schema;
}

/** A parameter described by `content` carries its media type's text, which for us is JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function cookieValue(header: string | undefined, name: string): string[] | undefined {
  for (const pair of (header ?? '').split(';')) {
    const [key, ...rest] = pair.trim().split('=');
    if (key === name) return [rest.join('=')];
  }
  return undefined;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
