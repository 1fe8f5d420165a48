import type { ParameterObject, RequestBodyObject } from 'openapi-typescript';

import type { ApiDocument, OperationEntry } from '../../src/pipeline/document.js';
import { deref, listOperations } from '../../src/pipeline/document.js';

/** The GET request the mock check sends, relative to wherever the mock serves the API. */
export interface MockRequest {
  operationId: string;
  /** The operation's path template with every parameter filled in, such as `/pets/1`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

/** The parts of a schema a parameter value is taken from; the rest of the schema is ignored. */
interface ValueSchema {
  type?: unknown;
  format?: unknown;
  example?: unknown;
  examples?: unknown;
  enum?: unknown[];
  default?: unknown;
}

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
  scheme?: string;
}

const FORMAT_SAMPLES: Record<string, string> = {
  uuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  date: '2024-01-01',
  'date-time': '2024-01-01T00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com',
};

/**
 * The GET operation the mock check calls: one that needs no request body and no cookie, so every
 * required input can be filled from the spec. Operations with fewer required parameters, then
 * without credentials, are preferred; ties keep spec order. Undefined when the document has none.
 */
export function chooseGetOperation(document: ApiDocument): OperationEntry | undefined {
  const candidates = listOperations(document).filter(
    (entry) => entry.method === 'get' && isCallable(document, entry),
  );
  const cost = (entry: OperationEntry) =>
    4 * requiredParameters(entry).filter((p) => p.in !== 'path').length +
    (pathParameterNames(entry.path).length > 0 ? 2 : 0) +
    (requiresCredentials(document, entry) ? 1 : 0);
  return candidates.sort((a, b) => cost(a) - cost(b))[0];
}

/** Why no GET operation qualifies, naming the first input that rules out the first one. */
export function explainNoGetOperation(document: ApiDocument): string {
  const gets = listOperations(document).filter((entry) => entry.method === 'get');
  const first = gets[0];
  if (!first) return 'the document has no GET operation';
  const parameter = first.parameters.find((p) => p.required === true && p.in === 'cookie');
  const input = parameter ? `cookie '${parameter.name}'` : 'a request body';
  return `none of ${gets.length} GET operations can be called without a request body or cookie (GET ${first.path} requires ${input})`;
}

/** The request for `entry`: required parameters filled from their examples, credentials supplied. */
export function buildMockRequest(document: ApiDocument, entry: OperationEntry): MockRequest {
  const request: MockRequest = { operationId: entry.operationId, path: '', query: {}, headers: {} };
  request.path = entry.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const parameter = entry.parameters.find((p) => p.in === 'path' && p.name === name);
    return encodeURIComponent(parameter ? parameterValue(document, parameter) : 'example');
  });
  for (const parameter of requiredParameters(entry)) {
    if (parameter.in === 'query')
      request.query[parameter.name] = parameterValue(document, parameter);
    if (parameter.in === 'header') {
      request.headers[parameter.name.toLowerCase()] = parameterValue(document, parameter);
    }
  }
  for (const scheme of credentialSchemes(document, entry)) supplyCredential(scheme, request);
  return request;
}

/** A plausible value for a parameter: its example, else its schema's, else one by type. */
export function parameterValue(document: ApiDocument, parameter: ParameterObject): string {
  const schema = parameter.schema ? deref<ValueSchema>(document, parameter.schema) : {};
  const candidates = [
    parameter.example,
    firstNamedExample(document, parameter),
    schema.example,
    Array.isArray(schema.examples) ? schema.examples[0] : undefined,
    schema.enum?.[0],
    schema.default,
  ];
  const found = candidates.find((value) => isScalar(value));
  return found === undefined ? sampleFor(schema) : String(found);
}

function isCallable(document: ApiDocument, entry: OperationEntry): boolean {
  if (requiredParameters(entry).some((p) => p.in === 'cookie')) return false;
  const body = entry.operation.requestBody;
  return !body || deref<RequestBodyObject>(document, body).required !== true;
}

function requiredParameters(entry: OperationEntry): ParameterObject[] {
  return entry.parameters.filter((p) => p.required === true || p.in === 'path');
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
}

function requiresCredentials(document: ApiDocument, entry: OperationEntry): boolean {
  return credentialSchemes(document, entry).length > 0;
}

/** The schemes of the first security alternative; none when any alternative is anonymous. */
function credentialSchemes(document: ApiDocument, entry: OperationEntry): SecurityScheme[] {
  const requirements = entry.operation.security ?? document.security ?? [];
  if (requirements.some((requirement) => Object.keys(requirement).length === 0)) return [];
  const names = Object.keys(requirements[0] ?? {});
  const schemes = document.components?.securitySchemes ?? {};
  return names.flatMap((name) => {
    const scheme = schemes[name];
    return scheme ? [deref<SecurityScheme>(document, scheme)] : [];
  });
}

function supplyCredential(scheme: SecurityScheme, request: MockRequest): void {
  if (scheme.type === 'apiKey' && scheme.name) {
    if (scheme.in === 'query') request.query[scheme.name] = 'corpus-key';
    else if (scheme.in === 'cookie') request.headers.cookie = `${scheme.name}=corpus-key`;
    else request.headers[scheme.name.toLowerCase()] = 'corpus-key';
    return;
  }
  if (scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'basic') {
    request.headers.authorization = `Basic ${Buffer.from('corpus:corpus').toString('base64')}`;
    return;
  }
  if (scheme.type !== 'mutualTLS') request.headers.authorization = 'Bearer corpus-token';
}

function firstNamedExample(document: ApiDocument, parameter: ParameterObject): unknown {
  const first = Object.values(parameter.examples ?? {})[0];
  return first ? deref<{ value?: unknown }>(document, first).value : undefined;
}

function sampleFor(schema: ValueSchema): string {
  const type = Array.isArray(schema.type) ? (schema.type as unknown[])[0] : schema.type;
  if (type === 'integer' || type === 'number') return '1';
  if (type === 'boolean') return 'true';
  return typeof schema.format === 'string'
    ? (FORMAT_SAMPLES[schema.format] ?? 'example')
    : 'example';
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
