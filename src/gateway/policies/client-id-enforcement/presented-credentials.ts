import type { IncomingHttpHeaders } from 'node:http';

/** Where a request's client credentials are read; header names are lower-case. */
export interface CredentialSources {
  clientIdHeader: string;
  clientSecretHeader: string;
  /** Whether `Authorization: Basic` is accepted as well. */
  basic: boolean;
}

/** The client id and secret a request presents, or why none could be read from it. */
export type PresentedCredentials =
  { ok: true; clientId: string; secret: string } | { ok: false; detail: string };

/** Longer ids and secrets are refused before any lookup; no issued one comes close. */
export const MAX_CLIENT_ID_LENGTH = 256;
export const MAX_SECRET_LENGTH = 1024;

const BASIC = /^basic(?:[ \t]+(.*))?$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// RFC 7617 section 2: neither the user-id nor the password may contain control characters.
const CONTROL = /\p{Cc}/u;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the client credentials of a request: the two configured headers, or else (when allowed)
 * `Authorization: Basic` per RFC 7617. Carrying both is refused as ambiguous.
 */
export function readCredentials(
  headers: IncomingHttpHeaders,
  sources: CredentialSources,
): PresentedCredentials {
  const clientId = headerValue(headers[sources.clientIdHeader]);
  const secret = headerValue(headers[sources.clientSecretHeader]);
  const basic = sources.basic ? basicToken(headers.authorization) : undefined;
  if (clientId === undefined && secret === undefined) {
    return basic === undefined ? { ok: false, detail: noCredentials(sources) } : decodeBasic(basic);
  }

  const [idName, secretName] = [sources.clientIdHeader, sources.clientSecretHeader];
  if (basic !== undefined) {
    return refuse(
      `The request carries client credentials both in the ${idName}/${secretName} headers and in Authorization: Basic; send them one way only.`,
    );
  }
  if (clientId === undefined) {
    return refuse(`The request carries the ${secretName} header but not ${idName}; send both.`);
  }
  if (secret === undefined) {
    return refuse(`The request carries the ${idName} header but not ${secretName}; send both.`);
  }
  return checkLengths(clientId, secret);
}

function noCredentials(sources: CredentialSources): string {
  const headers = `the ${sources.clientIdHeader} and ${sources.clientSecretHeader} headers`;
  const expected = sources.basic ? `${headers} or an Authorization: Basic header` : headers;
  return `The request carries no client credentials: expected ${expected}.`;
}

/** A header's value, or undefined when it is absent or blank. */
function headerValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(', ') : value;
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The token of an `Authorization: Basic` header ('' when it has none); undefined for others. */
function basicToken(authorization: string | undefined): string | undefined {
  const match = authorization === undefined ? null : BASIC.exec(authorization.trim());
  return match === null ? undefined : (match[1] ?? '').trim();
}

function decodeBasic(token: string): PresentedCredentials {
  const expected = 'expected "Basic " followed by base64 of client-id:client-secret';
  if (!BASE64.test(token) || token.length % 4 !== 0) {
    return refuse(`The Authorization header is not valid Basic credentials: ${expected}.`);
  }
  let decoded: string;
  try {
    decoded = UTF8.decode(Buffer.from(token, 'base64'));
  } catch {
    return refuse(`The Basic credentials are not UTF-8 text: ${expected}.`);
  }

  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) {
    return refuse(`The Basic credentials lack a client id or a secret: ${expected}.`);
  }
  if (CONTROL.test(decoded)) {
    return refuse(`The Basic credentials contain control characters: ${expected}.`);
  }
  return checkLengths(decoded.slice(0, colon), decoded.slice(colon + 1));
}

function checkLengths(clientId: string, secret: string): PresentedCredentials {
  if (clientId.length > MAX_CLIENT_ID_LENGTH) {
    return refuse(
      `The client id is ${clientId.length} characters long; at most ${MAX_CLIENT_ID_LENGTH} are accepted.`,
    );
  }
  if (secret.length > MAX_SECRET_LENGTH) {
    return refuse(
      `The client secret is ${secret.length} characters long; at most ${MAX_SECRET_LENGTH} are accepted.`,
    );
  }
  return { ok: true, clientId, secret };
}

function refuse(detail: string): PresentedCredentials {
  return { ok: false, detail };
}
