import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { isIPv6 } from 'node:net';

/** RFC 9110 section 7.6.1: headers that describe one connection and never cross a proxy. */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Headers the gateway sets itself on the upstream request: the agent writes `Host` for the
 * upstream, `Expect` was already answered to the client, the correlation id is the gateway's.
 */
const REPLACED_ON_REQUEST = new Set(['host', 'expect', 'x-correlation-id']);

/** Who asked, as the gateway saw it; the source of the forwarding headers. */
export interface ForwardingFacts {
  /** The socket peer of the client connection. */
  peer: string | undefined;
  /** `http` or `https`, as the client reached the gateway. */
  proto: string;
  /** The `Host` the client addressed, with its port. */
  host: string | undefined;
  correlationId: string | undefined;
  /** True to add an RFC 7239 `Forwarded` element besides the `X-Forwarded-*` headers. */
  forwarded: boolean;
}

/** The end-to-end headers of a message: hop-by-hop ones and those its `Connection` names dropped. */
export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = connectionTokens(headers.connection);
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP_HEADERS.has(name) || named.has(name)) continue;
    kept[name] = value;
  }
  return kept;
}

/**
 * The headers of the upstream request: the client's end-to-end headers, the peer appended to
 * `X-Forwarded-For`, `X-Forwarded-Proto` and `X-Forwarded-Host` set, the correlation id kept.
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  facts: ForwardingFacts,
): OutgoingHttpHeaders {
  const out = endToEndHeaders(headers);
  for (const name of REPLACED_ON_REQUEST) delete out[name];
  if (facts.peer) out['x-forwarded-for'] = appendHop(headers['x-forwarded-for'], facts.peer);
  out['x-forwarded-proto'] = facts.proto;
  if (facts.host) out['x-forwarded-host'] = facts.host;
  else delete out['x-forwarded-host'];
  const correlationId = facts.correlationId ?? headers['x-correlation-id'];
  if (correlationId) out['x-correlation-id'] = correlationId;
  if (facts.forwarded) out.forwarded = appendHop(headers.forwarded, forwardedElement(facts));
  return out;
}

function connectionTokens(connection: string | undefined): Set<string> {
  if (!connection) return new Set();
  return new Set(connection.split(',').map((token) => token.trim().toLowerCase()));
}

function appendHop(existing: string | string[] | undefined, hop: string): string {
  const previous = Array.isArray(existing) ? existing.join(', ') : existing;
  return previous ? `${previous}, ${hop}` : hop;
}

/** RFC 7239 section 4: `for=...;host=...;proto=...`, IPv6 nodes bracketed and quoted. */
function forwardedElement(facts: ForwardingFacts): string {
  const pairs: string[] = [];
  if (facts.peer) pairs.push(`for=${quote(isIPv6(facts.peer) ? `[${facts.peer}]` : facts.peer)}`);
  if (facts.host) pairs.push(`host=${quote(facts.host)}`);
  pairs.push(`proto=${quote(facts.proto)}`);
  return pairs.join(';');
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function quote(value: string): string {
  return TOKEN.test(value) ? value : `"${value.replace(/["\\]/g, '\\$&')}"`;
}
