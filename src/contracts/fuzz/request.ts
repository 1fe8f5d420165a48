import { invalidVariants } from './invalid-variants.js';
import type { Operation, Parameter } from './operation.js';
import type { Random } from './random.js';
import type { ApiDocument, Schema } from './schema.js';
import { resolveSchema, typesOf } from './schema.js';
import { generateValid } from './valid-value.js';
import type { SchemaValidator } from './validator.js';

/** One HTTP request, relative to the API's base path. */
export interface FuzzRequest {
  method: string;
  /** The path with parameters filled in and encoded. */
  path: string;
  /** The path parameters' values before encoding, by name. */
  pathParameters: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  /** The JSON body; absent when none is sent. */
  body?: unknown;
}

/** An invalid request and the one defect that makes it so. */
export interface InvalidRequest {
  request: FuzzRequest;
  /** Where and what, e.g. `body /legalName: longer than maxLength 255`. */
  defect: string;
}

/** What requests are made from beside the operation. */
export interface RequestContext {
  document: ApiDocument;
  random: Random;
  validator: SchemaValidator;
  /**
   * Identifiers of existing records for a path parameter, by parameter name, that belong to the
   * records already chosen for the path's earlier parameters (`bound`).
   */
  existing?: (
    parameterName: string,
    bound: Readonly<Record<string, string>>,
  ) => readonly string[] | undefined;
}

type Values = Map<Parameter, unknown>;

/**
 * A request every part of which is valid by the spec: each required parameter and, often, the
 * optional ones; path parameters name existing records three times in five when there are any;
 * a generated body in the operation's first media type.
 */
export function buildValidRequest(operation: Operation, context: RequestContext): FuzzRequest {
  const values = validParameters(operation, context);
  const body = validBody(operation, context);
  return assemble(operation, values, body);
}

/**
 * A request valid but for one defect in a parameter or the body, picked at random from every
 * defect the schemas allow; undefined when the operation admits no invalid request.
 */
export function buildInvalidRequest(
  operation: Operation,
  context: RequestContext,
): InvalidRequest | undefined {
  const values = validParameters(operation, context);
  const body = validBody(operation, context);
  const candidates = [
    ...parameterDefects(operation, values, context),
    ...bodyDefects(operation, body, context),
  ];
  if (candidates.length === 0) return undefined;
  const chosen = context.random.pick(candidates);
  const request = assemble(
    operation,
    chosen.values ?? values,
    'body' in chosen ? chosen.body : body,
  );
  return { request, defect: chosen.defect };
}

function validParameters(operation: Operation, context: RequestContext): Values {
  const values: Values = new Map();
  const bound: Record<string, string> = {};
  for (const parameter of pathFirst(operation.parameters)) {
    if (parameter.in === 'cookie') continue;
    if (!parameter.required && !context.random.chance(0.35)) continue;
    const existing =
      parameter.in === 'path' ? context.existing?.(parameter.name, bound) : undefined;
    const reuse = existing !== undefined && existing.length > 0 && context.random.chance(0.6);
    const value = reuse
      ? context.random.pick(existing)
      : generateValid(parameter.schema, { ...context, direction: 'request' });
    if (parameter.in === 'path') bound[parameter.name] = String(value);
    values.set(parameter, value);
  }
  return values;
}

/** Path parameters in the order the path names them, then the others. */
function pathFirst(parameters: readonly Parameter[]): Parameter[] {
  return [
    ...parameters.filter((p) => p.in === 'path'),
    ...parameters.filter((p) => p.in !== 'path'),
  ];
}

function validBody(operation: Operation, context: RequestContext): unknown {
  const body = operation.requestBody;
  if (!body || (!body.required && context.random.chance(0.2))) return undefined;
  return withExistingReferences(
    body.schema,
    generateValid(body.schema, { ...context, direction: 'request' }),
    context,
  );
}

/**
 * The body with top-level properties named like a path parameter (`organizationId`) pointing
 * at existing records three times in five, where the schema admits the identifier.
 */
function withExistingReferences(schema: Schema, body: unknown, context: RequestContext): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  let result = body as Record<string, unknown>;
  for (const name of Object.keys(result)) {
    const existing = context.existing?.(name, {});
    if (!existing || existing.length === 0 || !context.random.chance(0.6)) continue;
    const candidate = { ...result, [name]: context.random.pick(existing) };
    if (context.validator.check(schema, candidate) === undefined) result = candidate;
  }
  return result;
}

interface Candidate {
  defect: string;
  values?: Values;
  body?: unknown;
}

function parameterDefects(
  operation: Operation,
  values: Values,
  context: RequestContext,
): Candidate[] {
  const candidates: Candidate[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.in === 'cookie' || parameter.in === 'header') continue;
    const where = `${parameter.in} ${parameter.name}`;
    if (parameter.required && parameter.in === 'query') {
      const without = new Map(values);
      without.delete(parameter);
      candidates.push({ defect: `${where}: missing though required`, values: without });
    }
    const valid =
      values.get(parameter) ??
      generateValid(parameter.schema, { ...context, direction: 'request' });
    const textual = typesOf(resolveSchema(context.document, parameter.schema)).includes('string');
    for (const variant of invalidVariants(context.document, parameter.schema, valid)) {
      if (variant.value !== null && typeof variant.value === 'object') continue;
      // In a URL every value is text: a string parameter has no wrong type to send.
      if (variant.defect.startsWith('not of type') && textual) continue;
      const text = String(variant.value);
      if (text === '' && parameter.in === 'path') continue;
      if (
        context.validator.check(
          parameter.schema,
          asReceived(context.document, parameter.schema, text),
        ) === undefined
      )
        continue;
      candidates.push({
        defect: `${where}: ${variant.defect} (${JSON.stringify(text)})`,
        values: new Map(values).set(parameter, text),
      });
    }
  }
  return candidates;
}

function bodyDefects(operation: Operation, body: unknown, context: RequestContext): Candidate[] {
  const declared = operation.requestBody;
  if (!declared) return [];
  const candidates: Candidate[] = declared.required
    ? [{ defect: 'body: missing though required', body: undefined }]
    : [];
  const valid = body ?? generateValid(declared.schema, { ...context, direction: 'request' });
  for (const variant of invalidVariants(context.document, declared.schema, valid)) {
    if (context.validator.check(declared.schema, variant.value) === undefined) continue;
    candidates.push({
      defect: `body ${variant.pointer || '/'}: ${variant.defect}`,
      body: variant.value,
    });
  }
  return candidates;
}

/**
 * A parameter as a server reads it from the URL: numbers and booleans are coerced where the
 * schema admits them, as OpenAPI's `form` and `simple` styles do.
 */
function asReceived(document: ApiDocument, raw: Schema, text: string): unknown {
  const types = typesOf(resolveSchema(document, raw));
  const numeric = types.includes('integer') || types.includes('number');
  if (numeric && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

function assemble(operation: Operation, values: Values, body: unknown): FuzzRequest {
  let path = operation.path;
  const pathParameters: Record<string, string> = {};
  const query: [string, string][] = [];
  const headers: Record<string, string> = {};
  for (const [parameter, value] of values) {
    if (parameter.in === 'path') pathParameters[parameter.name] = String(value);
    if (parameter.in === 'path')
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    if (parameter.in === 'query')
      for (const item of [value].flat()) query.push([parameter.name, String(item)]);
    if (parameter.in === 'header') headers[parameter.name.toLowerCase()] = String(value);
  }
  const method = operation.method.toUpperCase();
  if (body === undefined) return { method, path, pathParameters, query, headers };
  headers['content-type'] = operation.requestBody?.mediaType ?? 'application/json';
  return { method, path, pathParameters, query, headers, body };
}
