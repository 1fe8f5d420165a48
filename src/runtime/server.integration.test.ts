import { once } from 'node:events';
import type { RequestListener, Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { Writable } from 'node:stream';

import { afterEach, describe, expect, it } from 'vitest';

import type { HttpLimits } from '../config/index.js';
import { createLogger } from '../observability/logger.js';
import { createHttpServer } from './server.js';

const limits: HttpLimits = {
  headersTimeoutMs: 300,
  requestTimeoutMs: 600,
  keepAliveTimeoutMs: 200,
  maxConnections: 100,
  maxHeaderSize: 1_024,
  maxHeadersCount: 100,
};

/** Reads the whole body, then answers 200 with its length. */
const echoLength: RequestListener = (req, res) => {
  let bytes = 0;
  req.on('data', (chunk: Buffer) => (bytes += chunk.length));
  req.on('end', () => res.end(`received ${bytes}`));
};

let server: Server | undefined;
const logs: Record<string, unknown>[] = [];

async function listen(overrides: Partial<HttpLimits> = {}, app: RequestListener = echoLength) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  server = createHttpServer(app, { ...limits, ...overrides }, createLogger('info', sink));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  logs.length = 0;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

interface Conversation {
  socket: Socket;
  /** Everything the server sent until it closed the connection, and when it closed it. */
  ended: Promise<{ received: string; afterMs: number }>;
}

/** Opens a raw connection and records what the server sends until it closes. */
async function open(port: number): Promise<Conversation> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  const started = Date.now();
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (received += chunk));
  const ended = new Promise<{ received: string; afterMs: number }>((resolve) =>
    socket.once('close', () => resolve({ received, afterMs: Date.now() - started })),
  );
  return { socket, ended };
}

function problemOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

function headerOf(response: string, name: string): string | undefined {
  const line = response
    .split('\r\n')
    .find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the HTTP server limits', () => {
  it('answers a well-behaved request as usual', async () => {
    const port = await listen();
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'hello' });
    expect([response.status, await response.text()]).toStrictEqual([200, 'received 5']);
  });

  it('cuts off a client that sends part of its headers and stalls, with a 408 problem', async () => {
    const port = await listen();
    const { socket, ended } = await open(port);
    socket.write('GET /canonical/v1/organizations HTTP/1.1\r\nHost: localhost\r\nAccept: */');
    const { received, afterMs } = await ended;
    expect(afterMs).toBeGreaterThanOrEqual(300);
    expect(afterMs).toBeLessThan(2_000);
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(headerOf(received, 'content-type')).toBe('application/problem+json; charset=utf-8');
    expect(headerOf(received, 'connection')).toBe('close');
    expect(problemOf(received)).toStrictEqual({
      type: 'https://junction.dev/errors/request-timeout',
      title: 'The request was not received in time',
      status: 408,
      code: 'request-timeout',
      detail: 'The request headers were not received within 300 ms.',
      correlationId: headerOf(received, 'x-correlation-id'),
    });
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'request refused before it was routed',
        code: 'request-timeout',
        reason: 'ERR_HTTP_REQUEST_TIMEOUT',
      }),
    );
  });

  it('cuts off a body that trickles in slower than the request timeout, with a 408 problem', async () => {
    const port = await listen();
    const { socket, ended } = await open(port);
    socket.write(
      'POST /billing/v1/accounts HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n',
    );
    const trickle = setInterval(() => socket.writable && socket.write('x'), 50);
    const { received, afterMs } = await ended;
    clearInterval(trickle);
    expect(afterMs).toBeGreaterThanOrEqual(600);
    expect(afterMs).toBeLessThan(2_500);
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(problemOf(received)).toMatchObject({
      code: 'request-timeout',
      detail: 'The request was not received completely within 600 ms.',
    });
  });

  it('closes without a second answer when the timeout strikes after the response started', async () => {
    const port = await listen({}, (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('streaming');
      req.resume();
    });
    const { socket, ended } = await open(port);
    socket.write('POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('x'), 50);
    const { received, afterMs } = await ended;
    clearInterval(trickle);
    expect(afterMs).toBeGreaterThanOrEqual(600);
    expect(received.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(received).not.toContain('408');
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const port = await listen();
    const { socket, ended } = await open(port);
    socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const { received, afterMs } = await ended;
    expect(received.startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(afterMs).toBeGreaterThanOrEqual(200);
    expect(afterMs).toBeLessThan(1_500);
  });

  it('closes a connection beyond the connection cap at once and keeps serving the others', async () => {
    const port = await listen({
      maxConnections: 1,
      keepAliveTimeoutMs: 250,
      headersTimeoutMs: 500,
    });
    const first = await open(port);
    first.socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await sleep(50);
    const second = await open(port);
    second.socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const refused = await second.ended;
    expect(refused.received).toBe('');
    expect(refused.afterMs).toBeLessThan(200);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'connections refused: too many open connections',
        dropped: 1,
        maxConnections: 1,
      }),
    );
    first.socket.write('GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    const served = await first.ended;
    expect(served.received.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });

  it('answers a request that is not HTTP with a 400 problem and closes', async () => {
    const port = await listen();
    const { socket, ended } = await open(port);
    socket.write('HELLO THERE\r\n\r\n');
    const { received } = await ended;
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(problemOf(received)).toMatchObject({
      status: 400,
      code: 'validation-failed',
      detail: 'The request is not well-formed HTTP/1.1 (HPE_INVALID_METHOD); send a valid request.',
    });
  });

  it('answers headers larger than the limit with a 400 problem and closes', async () => {
    const port = await listen();
    const { socket, ended } = await open(port);
    socket.write(`GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(2_000)}\r\n\r\n`);
    const { received } = await ended;
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(problemOf(received)).toMatchObject({
      code: 'validation-failed',
      detail: 'The request headers are larger than 1024 bytes; send fewer or smaller headers.',
    });
  });

  it('reads no more headers than the count limit', async () => {
    const port = await listen({ maxHeadersCount: 3 }, (req, res) =>
      res.end(String(Object.keys(req.headers).length)),
    );
    const { socket, ended } = await open(port);
    socket.write(
      'GET / HTTP/1.1\r\nHost: localhost\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nConnection: close\r\n\r\n',
    );
    const { received } = await ended;
    // Node 20 ignores the headers past the limit; Node 24 refuses the request as too large.
    // Either way the handler never sees more than the limit.
    const body = received.slice(received.indexOf('\r\n\r\n') + 4);
    if (body.startsWith('{')) expect(JSON.parse(body)).toMatchObject({ status: 400 });
    else expect(body).toBe('3');
  });
});
