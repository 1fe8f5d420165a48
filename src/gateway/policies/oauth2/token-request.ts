import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** An RFC 6749 section 5.2 error code the token endpoint answers with. */
export type TokenErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'server_error';

/** A refused token request: the RFC 6749 error, its HTTP status and a description. */
export interface TokenError {
  ok: false;
  status: number;
  error: TokenErrorCode;
  description: string;
}

/** The outcome of reading one part of a token request. */
export type Read<T> = { ok: true; value: T } | TokenError;

/** The credentials a client presented, before they are checked. */
export interface ClientCredentials {
  clientId: string;
  secret: string;
}

const STATUS: Record<TokenErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  server_error: 500,
};

/** Builds a token error; the description is cut to the characters RFC 6749 allows in it. */
export function tokenError(error: TokenErrorCode, description: string): TokenError {
  return { ok: false, status: STATUS[error], error, description: printable(description) };
}

/** Quotes a caller-supplied value for a description: printable ASCII only, at most 64 chars. */
export function quote(value: string): string {
  const cut = value.length > 64 ? `${value.slice(0, 64)}...` : value;
  return `'${printable(cut)}'`;
}

function printable(text: string): string {
  // RFC 6749 section 5.2: error_description is %x20-21 / %x23-5B / %x5D-7E.
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?');
}

/**
 * Reads an `application/x-www-form-urlencoded` body (or the object a body parser made of it)
 * into parameters; a repeated parameter is refused (RFC 6749 section 3.2).
 */
export async function readForm(
  req: Readable & { headers: IncomingHttpHeaders; body?: unknown },
  maxBytes: number,
): Promise<Read<Map<string, string>>> {
  const mediaType = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') {
    const got = mediaType === '' ? 'none' : quote(mediaType ?? '');
    return tokenError(
      'invalid_request',
      `expected Content-Type application/x-www-form-urlencoded, got ${got}`,
    );
  }
  const entries =
    req.body === undefined ? await readEntries(req, maxBytes) : parsedEntries(req.body);
  if (entries === undefined) {
    return tokenError('invalid_request', `expected a form body of at most ${maxBytes} bytes`);
  }
  const params = new Map<string, string>();
  for (const [name, value] of entries) {
    if (params.has(name)) {
      return tokenError('invalid_request', `expected parameter ${quote(name)} once, got it twice`);
    }
    params.set(name, value);
  }
  return { ok: true, value: params };
}

async function readEntries(
  body: Readable,
  maxBytes: number,
): Promise<[string, string][] | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // The whole body is drained even past the limit so the answer can still be written.
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size <= maxBytes) chunks.push(bytes);
  }
  if (size > maxBytes) return undefined;
  return [...new URLSearchParams(Buffer.concat(chunks).toString('utf8'))];
}

function parsedEntries(body: unknown): [string, string][] {
  if (typeof body !== 'object' || body === null) return [];
  return Object.entries(body).flatMap(([name, value]): [string, string][] =>
    Array.isArray(value)
      ? value.map((item): [string, string] => [name, String(item)])
      : [[name, String(value)]],
  );
}

/**
 * Reads the client's credentials from HTTP Basic (RFC 6749 section 2.3.1, each part
 * form-urlencoded) or from `client_id` and `client_secret` in the body; using both is refused.
 */
export function readClientCredentials(
  authorization: string | undefined,
  params: ReadonlyMap<string, string>,
): Read<ClientCredentials> {
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  if (authorization === undefined) return bodyCredentials(bodyId, bodySecret);

  const basic = readBasic(authorization);
  if (!basic.ok) return basic;
  if (bodySecret !== undefined) {
    return tokenError(
      'invalid_request',
      'expected one client authentication method, got HTTP Basic and client_secret',
    );
  }
  if (bodyId !== undefined && bodyId !== basic.value.clientId) {
    return tokenError(
      'invalid_request',
      `expected client_id to match the HTTP Basic client ${quote(basic.value.clientId)}, ` +
        `got ${quote(bodyId)}`,
    );
  }
  return basic;
}

function bodyCredentials(
  clientId: string | undefined,
  secret: string | undefined,
): Read<ClientCredentials> {
  if (clientId === undefined && secret !== undefined) {
    return tokenError('invalid_request', 'expected client_id with client_secret, got none');
  }
  if (clientId === undefined || clientId === '' || secret === undefined) {
    return tokenError(
      'invalid_client',
      'expected client authentication by HTTP Basic or client_id and client_secret, got none',
    );
  }
  return { ok: true, value: { clientId, secret } };
}

function readBasic(authorization: string): Read<ClientCredentials> {
  const [scheme = '', encoded = ''] = authorization.trim().split(/ +/);
  if (scheme.toLowerCase() !== 'basic') {
    return tokenError(
      'invalid_client',
      `expected HTTP Basic client authentication, got scheme ${quote(scheme)}`,
    );
  }
  const decoded = /^[A-Za-z0-9+/]+=*$/.test(encoded)
    ? Buffer.from(encoded, 'base64').toString('utf8')
    : '';
  const colon = decoded.indexOf(':');
  const clientId = colon > 0 ? decodeFormComponent(decoded.slice(0, colon)) : undefined;
  const secret = colon > 0 ? decodeFormComponent(decoded.slice(colon + 1)) : undefined;
  if (clientId === undefined || secret === undefined) {
    return tokenError(
      'invalid_request',
      'expected HTTP Basic credentials as base64 of client_id:client_secret',
    );
  }
  return { ok: true, value: { clientId, secret } };
}

function decodeFormComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Reads the optional `scope` parameter (RFC 6749 section 3.3): space-separated scope tokens of
 * printable ASCII without `"` and `\`. Absent means every scope the client is allowed.
 */
export function readRequestedScopes(scope: string | undefined): Read<string[] | undefined> {
  if (scope === undefined) return { ok: true, value: undefined };
  const scopes = scope.split(' ').filter((token) => token !== '');
  const bad = scopes.find((token) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(token));
  if (scopes.length === 0 || bad !== undefined) {
    return tokenError(
      'invalid_scope',
      `expected scope as space-separated scope tokens, got ${quote(scope)}`,
    );
  }
  return { ok: true, value: [...new Set(scopes)] };
}
