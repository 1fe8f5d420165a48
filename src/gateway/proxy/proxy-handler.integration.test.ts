import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { FakeUpstream, TestGateway, json, send, within } from './test-servers.js';
import type { Answer } from './test-servers.js';

const BASE = '/systems/billing/v1';

describe('the proxy handler forwarding to a local upstream', () => {
  const upstream = new FakeUpstream();
  const gateway = new TestGateway();
  let upstreamUrl = '';

  beforeAll(async () => {
    upstreamUrl = await upstream.listen();
    gateway.mount(BASE, { upstream: `${upstreamUrl}/ledgerly`, timeoutMs: 2000 });
    gateway.mount('/parsed', { upstream: upstreamUrl, timeoutMs: 2000 }, express.json());
    gateway.mount('/preset', { upstream: upstreamUrl, timeoutMs: 2000 }, (_req, res, next) => {
      res.setHeader('access-control-allow-origin', 'https://app.example.com');
      next();
    });
    gateway.mount('/forwarded', { upstream: upstreamUrl, timeoutMs: 2000, forwarded: true });
    await gateway.listen();
  });

  afterEach(() => {
    upstream.behaviour = (_req, res) => res.end();
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  it('forwards a GET to the upstream path prefix with the query string and streams the answer back', async () => {
    let seen: Record<string, string | undefined> = {};
    upstream.behaviour = (req, res) => {
      seen = { method: req.method, url: req.url, host: req.headers.host };
      res.writeHead(200, { 'content-type': 'application/json', 'x-ledgerly-request': 'r-1' });
      res.end(JSON.stringify({ success: true, accounts: [] }));
    };
    const answer = await send(gateway.port, `${BASE}/v1/accounts?page=2&pageSize=20&name=A%20B`);
    expect(answer.status).toBe(200);
    expect(json(answer)).toStrictEqual({ success: true, accounts: [] });
    expect(answer.headers['x-ledgerly-request']).toBe('r-1');
    expect(seen).toStrictEqual({
      method: 'GET',
      url: '/ledgerly/v1/accounts?page=2&pageSize=20&name=A%20B',
      host: new URL(upstreamUrl).host,
    });
  });

  it('passes the upstream status and body through unchanged, errors included', async () => {
    upstream.behaviour = (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"success":false,"reasons":[{"code":50000040,"message":"not found"}]}');
    };
    const answer = await send(gateway.port, `${BASE}/v1/accounts/A404`);
    expect([answer.status, answer.body.toString()]).toStrictEqual([
      404,
      '{"success":false,"reasons":[{"code":50000040,"message":"not found"}]}',
    ]);
  });

  it('drops hop-by-hop headers both ways and sets the forwarding headers and correlation id', async () => {
    let received: IncomingHttpHeaders = {};
    upstream.behaviour = (req, res) => {
      received = req.headers;
      res.writeHead(200, {
        connection: 'x-upstream-hop',
        'x-upstream-hop': 'private',
        'keep-alive': 'timeout=5',
        'proxy-authenticate': 'Basic',
        'x-upstream-kept': 'yes',
      });
      res.end('ok');
    };
    const answer = await send(gateway.port, `${BASE}/v1/accounts`, {
      headers: {
        connection: 'keep-alive, x-client-hop',
        'x-client-hop': 'private',
        'keep-alive': 'timeout=30',
        te: 'trailers',
        'proxy-authorization': 'Basic c3ZjOnMzY3JldA==',
        'x-forwarded-for': '198.51.100.4',
        'x-correlation-id': 'order-4711',
        authorization: 'Bearer abc',
      },
    });
    expect(answer.headers['x-upstream-hop']).toBeUndefined();
    expect(answer.headers['proxy-authenticate']).toBeUndefined();
    expect(answer.headers['x-upstream-kept']).toBe('yes');
    expect(answer.headers['x-correlation-id']).toBe('order-4711');
    for (const name of ['x-client-hop', 'keep-alive', 'te', 'proxy-authorization']) {
      expect(received[name], name).toBeUndefined();
    }
    expect(received).toMatchObject({
      authorization: 'Bearer abc',
      'x-forwarded-for': '198.51.100.4, 127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': `127.0.0.1:${gateway.port}`,
      'x-correlation-id': 'order-4711',
    });
  });

  it('adds an RFC 7239 Forwarded header when configured to', async () => {
    let forwarded: string | undefined;
    upstream.behaviour = (req, res) => {
      forwarded = req.headers.forwarded;
      res.end();
    };
    await send(gateway.port, '/forwarded/v1/accounts');
    expect(forwarded).toBe(`for=127.0.0.1;host="127.0.0.1:${gateway.port}";proto=http`);
  });

  it('keeps headers a gateway policy set over the same headers of the upstream', async () => {
    upstream.behaviour = (_req, res) => {
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
      res.end('ok');
    };
    const answer = await send(gateway.port, '/preset/anything');
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(answer.headers['content-type']).toBe('text/plain');
  });

  it('streams a 5 MB POST body: the upstream reads the first chunk before the client has sent the rest', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const chunks = 80;
    let firstChunkArrived: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (firstChunkArrived = resolve));
    upstream.behaviour = (req, res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (data: Buffer) => {
        if (bytes === 0) firstChunkArrived();
        bytes += data.length;
        hash.update(data);
      });
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            bytes,
            sha256: hash.digest('hex'),
            length: req.headers['content-length'],
          }),
        );
      });
    };
    const expected = createHash('sha256');
    const response = new Promise<Answer>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: gateway.port,
          path: `${BASE}/v1/payments`,
          method: 'POST',
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': chunk.length * chunks,
          },
          agent: false,
        },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (part: Buffer) => parts.push(part));
          answer.on('end', () =>
            resolve({
              status: answer.statusCode ?? 0,
              headers: answer.headers,
              body: Buffer.concat(parts),
            }),
          );
        },
      );
      request.on('error', reject);
      request.write(chunk);
      expected.update(chunk);
      // Only after the upstream has the first chunk does the client send the remaining 79.
      void within(arrived, 5000, 'the first chunk reaching the upstream').then(
        () => {
          for (let i = 1; i < chunks; i++) {
            request.write(chunk);
            expected.update(chunk);
          }
          request.end();
        },
        (err: Error) => {
          request.destroy();
          reject(err);
        },
      );
    });
    const answer = await response;
    expect(answer.status).toBe(201);
    expect(json(answer)).toStrictEqual({
      bytes: chunk.length * chunks,
      sha256: expected.digest('hex'),
      length: String(chunk.length * chunks),
    });
  });

  it('serialises a body a gateway policy already parsed, with its new Content-Length', async () => {
    let received: Record<string, string | undefined> = {};
    upstream.behaviour = (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (part: string) => (body += part));
      req.on('end', () => {
        received = {
          body,
          length: req.headers['content-length'],
          type: req.headers['content-type'],
        };
        res.end();
      });
    };
    const answer = await send(gateway.port, '/parsed/v1/accounts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: '{ "name" :  "Acme Robotics GmbH",\n "currency": "EUR" }',
    });
    expect(answer.status).toBe(200);
    const body = '{"name":"Acme Robotics GmbH","currency":"EUR"}';
    expect(received).toStrictEqual({ body, length: String(body.length), type: 'application/json' });
  });

  it('refuses a path with a dot segment before it reaches the upstream', async () => {
    let reached = false;
    upstream.behaviour = (_req, res) => {
      reached = true;
      res.end();
    };
    const answer = await send(gateway.port, `${BASE}/v1/../../admin`);
    expect(answer.status).toBe(400);
    expect((json(answer) as { code: string }).code).toBe('validation-failed');
    expect(reached).toBe(false);
  });
});
