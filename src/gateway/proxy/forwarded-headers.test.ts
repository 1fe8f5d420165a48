import { describe, expect, it } from 'vitest';

import { endToEndHeaders, upstreamRequestHeaders } from './forwarded-headers.js';
import type { ForwardingFacts } from './forwarded-headers.js';

const facts: ForwardingFacts = {
  peer: '203.0.113.9',
  proto: 'https',
  host: 'api.example.com',
  correlationId: 'order-4711',
  forwarded: false,
};

describe('endToEndHeaders', () => {
  it('drops every hop-by-hop header and keeps the others', () => {
    expect(
      endToEndHeaders({
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'proxy-authenticate': 'Basic',
        'proxy-authorization': 'Basic dXNlcjpwYXNz',
        'proxy-connection': 'keep-alive',
        te: 'trailers',
        trailer: 'Expires',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        'content-type': 'application/json',
        'set-cookie': ['a=1', 'b=2'],
      }),
    ).toStrictEqual({ 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
  });

  it('drops the headers the Connection header names, whatever their case', () => {
    expect(
      endToEndHeaders({
        connection: 'close, X-Debug-Token ,x-internal',
        'x-debug-token': 'secret',
        'x-internal': '1',
        accept: '*/*',
      }),
    ).toStrictEqual({ accept: '*/*' });
  });
});

describe('upstreamRequestHeaders', () => {
  const cases = [
    {
      name: 'starts X-Forwarded-For with the peer and sets proto, host and the correlation id',
      headers: { host: 'api.example.com', accept: 'application/json' },
      facts,
      want: {
        accept: 'application/json',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.example.com',
        'x-correlation-id': 'order-4711',
      },
    },
    {
      name: 'appends the peer to an X-Forwarded-For the client sent',
      headers: { 'x-forwarded-for': '198.51.100.4, 10.0.0.2' },
      facts,
      want: {
        'x-forwarded-for': '198.51.100.4, 10.0.0.2, 203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.example.com',
        'x-correlation-id': 'order-4711',
      },
    },
    {
      name: 'replaces the Host, Expect and a different correlation id of the client',
      headers: { host: 'evil.example', expect: '100-continue', 'x-correlation-id': 'forged' },
      facts,
      want: {
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.example.com',
        'x-correlation-id': 'order-4711',
      },
    },
    {
      name: 'keeps the client correlation id when the gateway has none',
      headers: { 'x-correlation-id': 'from-client' },
      facts: { ...facts, correlationId: undefined },
      want: {
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.example.com',
        'x-correlation-id': 'from-client',
      },
    },
    {
      name: 'drops an X-Forwarded-Host the client sent when the request has no host',
      headers: { 'x-forwarded-host': 'spoofed.example' },
      facts: { ...facts, host: undefined, peer: undefined, correlationId: undefined },
      want: { 'x-forwarded-proto': 'https' },
    },
    {
      name: 'drops hop-by-hop headers of the request',
      headers: { connection: 'Upgrade, x-hop', upgrade: 'h2c', 'x-hop': '1', te: 'trailers' },
      facts,
      want: {
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.example.com',
        'x-correlation-id': 'order-4711',
      },
    },
    {
      name: 'adds an RFC 7239 Forwarded element when asked, quoting a host with a port',
      headers: {},
      facts: { ...facts, host: 'localhost:8080', forwarded: true },
      want: {
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'localhost:8080',
        'x-correlation-id': 'order-4711',
        forwarded: 'for=203.0.113.9;host="localhost:8080";proto=https',
      },
    },
    {
      name: 'brackets and quotes an IPv6 peer and appends to a Forwarded the client sent',
      headers: { forwarded: 'for=198.51.100.4' },
      facts: { ...facts, peer: '2001:db8::42', forwarded: true },
      want: {
        'x-forwarded-for': '2001:db8::42',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'api.example.com',
        'x-correlation-id': 'order-4711',
        forwarded: 'for=198.51.100.4, for="[2001:db8::42]";host=api.example.com;proto=https',
      },
    },
  ];
  it.each(cases)('$name', ({ headers, facts: given, want }) => {
    expect(upstreamRequestHeaders(headers, given)).toStrictEqual(want);
  });
});
