import type { GatewayResult } from '../../policy.js';

/** A response body as the cache keeps it: JSON text, plain text, bytes in base64, or none. */
export type StoredBody =
  { encoding: 'none' } | { encoding: 'json' | 'text' | 'base64'; data: string };

/** A stored 200 response: what the handler answered, its entity tag and when it was stored. */
export interface CachedResponse {
  kind: 'response';
  status: number;
  contentType?: string;
  headers: Record<string, string>;
  body: StoredBody;
  etag: string;
  /** Epoch milliseconds. */
  storedAt: number;
}

/**
 * What a request key without the response's `Vary` headers points at: the response itself, or
 * the lower-case names of the request headers its variants are keyed by (RFC 9111 §4.1).
 */
export type CacheRecord = CachedResponse | { kind: 'vary'; headers: string[] };

/** A body in its stored form and the bytes that go out on the wire. */
export interface EncodedBody {
  stored: StoredBody;
  bytes: Buffer;
}

/**
 * Serialises a result body the way the response is written: strings as they are, bytes as they
 * are, anything else as JSON. A body JSON cannot express counts as none.
 */
export function encodeBody(body: unknown): EncodedBody {
  if (typeof body === 'string') {
    return { stored: { encoding: 'text', data: body }, bytes: Buffer.from(body) };
  }
  if (body instanceof Uint8Array) {
    const bytes = Buffer.from(body);
    return { stored: { encoding: 'base64', data: bytes.toString('base64') }, bytes };
  }
  const json = body === undefined ? undefined : (JSON.stringify(body) as string | undefined);
  if (json === undefined) return { stored: { encoding: 'none' }, bytes: Buffer.alloc(0) };
  return { stored: { encoding: 'json', data: json }, bytes: Buffer.from(json) };
}

/** A fresh copy of a stored body, so no caller can change what the cache holds. */
export function decodeBody(body: StoredBody): unknown {
  if (body.encoding === 'none') return undefined;
  if (body.encoding === 'text') return body.data;
  if (body.encoding === 'base64') return Buffer.from(body.data, 'base64');
  return JSON.parse(body.data) as unknown;
}

/** Rebuilds the result a stored response answers with; headers and body are fresh copies. */
export function toGatewayResult(entry: CachedResponse): GatewayResult {
  const result: GatewayResult = { status: entry.status, headers: { ...entry.headers } };
  if (entry.contentType !== undefined) result.contentType = entry.contentType;
  const body = decodeBody(entry.body);
  if (body !== undefined) result.body = body;
  return result;
}

/** Whether a value read back from a shared store has the shape of a cache record. */
export function isCacheRecord(value: unknown): value is CacheRecord {
  if (typeof value !== 'object' || value === null) return false;
  // Only the fields read below are trusted, each after its own check.
  const record = value as Partial<Omit<CachedResponse, 'kind' | 'headers'>> & {
    kind?: unknown;
    headers?: unknown;
  };
  if (record.kind === 'vary') return Array.isArray(record.headers);
  return (
    record.kind === 'response' &&
    typeof record.status === 'number' &&
    typeof record.etag === 'string' &&
    typeof record.storedAt === 'number' &&
    typeof record.headers === 'object' &&
    record.headers !== null &&
    typeof record.body === 'object' &&
    record.body !== null
  );
}
