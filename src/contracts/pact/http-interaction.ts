import { readRawBody, readV4Body } from './body.js';
import { describeValue, isRecord } from './describe-value.js';
import type { HttpInteraction, PactRequest, PactResponse, PactVersion } from './model.js';
import type { UnsupportedInteraction } from './model.js';

/**
 * Reads one HTTP interaction of any version. A malformed one is unsupported, with the reason: a
 * request without a method or path, or a response without a status, is never given a default.
 */
export function readHttpInteraction(
  entry: Record<string, unknown>,
  description: string,
  version: PactVersion,
): HttpInteraction | UnsupportedInteraction {
  const { request, response } = entry;
  if (!isRecord(request) || !isRecord(response)) {
    const reason = `expected an HTTP interaction with request and response objects, got request ${describeValue(request)} and response ${describeValue(response)}`;
    return { kind: 'unsupported', description, reason };
  }
  const method = readMethod(request.method);
  const path = readPath(request.path);
  const status = readStatus(response.status);
  if ('problem' in method || 'problem' in path || 'problem' in status) {
    const problems = [method, path, status].flatMap((field) =>
      'problem' in field ? [field.problem] : [],
    );
    return { kind: 'unsupported', description, reason: problems.join('; ') };
  }
  return {
    kind: 'http',
    description,
    request: readRequest(request, version, method.value, path.value),
    response: readResponse(response, version, status.value),
  };
}

/** A field of the interaction as read, or what is wrong with it. */
type Field<T> = { value: T } | { problem: string };

/** An RFC 9110 token (section 5.6.2), which every request method is. */
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function readMethod(raw: unknown): Field<string> {
  if (typeof raw === 'string' && METHOD_TOKEN.test(raw)) return { value: raw.toUpperCase() };
  return {
    problem: `expected request.method to be an HTTP method such as "GET", got ${describeValue(raw)}`,
  };
}

function readPath(raw: unknown): Field<string> {
  if (typeof raw === 'string' && raw.startsWith('/')) return { value: raw };
  return {
    problem: `expected request.path to be a path starting with "/", got ${describeValue(raw)}`,
  };
}

function readStatus(raw: unknown): Field<number> {
  if (Number.isInteger(raw) && (raw as number) >= 100 && (raw as number) <= 599)
    return { value: raw as number };
  return {
    problem: `expected response.status to be an integer from 100 to 599, got ${describeValue(raw)}`,
  };
}

function readRequest(
  raw: Record<string, unknown>,
  version: PactVersion,
  method: string,
  path: string,
): PactRequest {
  const headers = readHeaders(raw.headers);
  return {
    method,
    path,
    query: readQuery(raw.query),
    headers,
    body: readBody(raw.body, headers, version),
  };
}

function readResponse(
  raw: Record<string, unknown>,
  version: PactVersion,
  status: number,
): PactResponse {
  const headers = readHeaders(raw.headers);
  return { status, headers, body: readBody(raw.body, headers, version) };
}

function readBody(raw: unknown, headers: Record<string, string>, version: PactVersion) {
  const contentType = headers['content-type'];
  return version === 'V4' ? readV4Body(raw, contentType) : readRawBody(raw, contentType);
}

/** Header names lower-cased; a list of values (V4) is joined as HTTP would fold it. */
export function readHeaders(raw: unknown): Record<string, string> {
  if (!isRecord(raw)) return {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    headers[name.toLowerCase()] = Array.isArray(value)
      ? value.map(String).join(', ')
      : String(value);
  }
  return headers;
}

/** A V1/V2 query string (`a=1&a=2`) or a V3+ object of lists, as one object of lists. */
export function readQuery(raw: unknown): Record<string, string[]> {
  if (typeof raw === 'string') return parseQueryString(raw);
  if (!isRecord(raw)) return {};
  const query: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    query[name] = Array.isArray(value) ? value.map(String) : [String(value)];
  }
  return query;
}

function parseQueryString(text: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(text.replace(/^\?/, ''))) {
    (query[name] ??= []).push(value);
  }
  return query;
}
