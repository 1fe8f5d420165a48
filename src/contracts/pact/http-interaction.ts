import { readRawBody, readV4Body } from './body.js';
import { describeValue, isRecord } from './describe-value.js';
import type { HttpInteraction, PactRequest, PactResponse, PactVersion } from './model.js';
import type { UnsupportedInteraction } from './model.js';

/** Reads one HTTP interaction of any version; a malformed one is unsupported, with the reason. */
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
  return {
    kind: 'http',
    description,
    request: readRequest(request, version),
    response: readResponse(response, version),
  };
}

function readRequest(raw: Record<string, unknown>, version: PactVersion): PactRequest {
  const headers = readHeaders(raw.headers);
  return {
    method: typeof raw.method === 'string' ? raw.method.toUpperCase() : 'GET',
    path: typeof raw.path === 'string' ? raw.path : '/',
    query: readQuery(raw.query),
    headers,
    body: readBody(raw.body, headers, version),
  };
}

function readResponse(raw: Record<string, unknown>, version: PactVersion): PactResponse {
  const headers = readHeaders(raw.headers);
  return {
    status: typeof raw.status === 'number' ? raw.status : Number(raw.status ?? 200),
    headers,
    body: readBody(raw.body, headers, version),
  };
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
