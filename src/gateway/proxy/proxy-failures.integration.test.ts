import { Agent as HttpAgent, request as httpRequest } from 'node:http';

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { FakeUpstream, TestGateway, json, send, within } from './test-servers.js';

const BASE = '/systems/billing/v1';

describe('the proxy handler when the upstream or the client fails', () => {
  const upstream = new FakeUpstream();
  const gateway = new TestGateway();
  let upstreamUrl = '';
  let closedPortUrl = '';

  beforeAll(async () => {
    upstreamUrl = await upstream.listen();
    const closed = new FakeUpstream();
    closedPortUrl = await closed.listen();
    await closed.close();
    gateway.mount(BASE, { upstream: `${upstreamUrl}/ledgerly`, timeoutMs: 2000 });
    gateway.mount('/refused', { upstream: closedPortUrl, timeoutMs: 2000 });
    gateway.mount('/slow', { upstream: upstreamUrl, timeoutMs: 200 });
    gateway.mount('/unresolvable', {
      upstream: 'http://upstream.test:4010',
      timeoutMs: 5000,
      connectTimeoutMs: 150,
      agent: new HttpAgent({ lookup: () => undefined }),
    });
    await gateway.listen();
  });

  afterEach(() => {
    upstream.behaviour = (_req, res) => res.end();
  });

  afterAll(async () => {
    await gateway.close();
    await upstream.close();
  });

  it('answers 502 upstream-failed when the upstream refuses the connection', async () => {
    const answer = await send(gateway.port, '/refused/v1/accounts?page=1', {
      headers: { 'x-correlation-id': 'refused-1' },
    });
    expect(answer.status).toBe(502);
    expect(answer.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(json(answer)).toStrictEqual({
      type: 'https://junction.dev/errors/upstream-failed',
      title: 'The upstream service failed to answer',
      status: 502,
      code: 'upstream-failed',
      detail:
        'The upstream service could not be reached or closed the connection; the correlation id finds the cause in the logs.',
      instance: '/refused/v1/accounts',
      correlationId: 'refused-1',
    });
    const logged = gateway.logs.find((line) => line.correlationId === 'refused-1');
    expect(logged).toMatchObject({
      level: 'error',
      msg: 'upstream request failed',
      upstream: closedPortUrl,
    });
    expect((logged?.err as { code?: string }).code).toBe('ECONNREFUSED');
  });

  it('answers 502 upstream-failed when the upstream resets the connection before answering', async () => {
    upstream.behaviour = (req) => req.socket.destroy();
    const answer = await send(gateway.port, `${BASE}/v1/accounts`);
    expect(answer.status).toBe(502);
    expect((json(answer) as { code: string }).code).toBe('upstream-failed');
  });

  it('answers 504 upstream-timeout when the upstream does not answer in time', async () => {
    upstream.behaviour = () => undefined;
    const started = Date.now();
    const answer = await send(gateway.port, '/slow/v1/accounts', {
      headers: { 'x-correlation-id': 'slow-1' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(answer.status).toBe(504);
    expect(json(answer)).toStrictEqual({
      type: 'https://junction.dev/errors/upstream-timeout',
      title: 'The upstream service did not answer in time',
      status: 504,
      code: 'upstream-timeout',
      detail: 'The upstream service did not answer within 200 ms.',
      instance: '/slow/v1/accounts',
      correlationId: 'slow-1',
    });
  });

  it('answers 504 upstream-timeout when no connection to the upstream is made in time', async () => {
    const answer = await send(gateway.port, '/unresolvable/v1/accounts');
    expect(answer.status).toBe(504);
    expect((json(answer) as { detail: string }).detail).toBe(
      'The upstream service did not accept a connection within 150 ms.',
    );
  });

  it('aborts the upstream request when the client goes away before the answer', async () => {
    let upstreamClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (upstreamClosed = resolve));
    let reached: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    upstream.behaviour = (req) => {
      req.socket.once('close', upstreamClosed);
      reached();
    };
    const request = httpRequest({
      host: '127.0.0.1',
      port: gateway.port,
      path: `${BASE}/v1/accounts`,
      agent: false,
    });
    request.on('error', () => undefined);
    request.end();
    await within(arrived, 2000, 'the request reaching the upstream');
    request.destroy();
    await within(closed, 2000, 'the upstream connection closing');
  });

  it('cuts the client connection when the upstream dies in the middle of the body, and logs it', async () => {
    upstream.behaviour = (req, res) => {
      res.writeHead(200, { 'content-length': '1000', 'content-type': 'text/plain' });
      res.write('only ten b', () => setTimeout(() => req.socket.destroy(), 50));
    };
    const outcome = await new Promise<{ status: number; received: string; error: string }>(
      (resolve) => {
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port: gateway.port,
            path: `${BASE}/v1/invoices/1`,
            agent: false,
            headers: { 'x-correlation-id': 'mid-1' },
          },
          (answer) => {
            let received = '';
            answer.setEncoding('utf8');
            answer.on('data', (part: string) => (received += part));
            answer.on('error', (err) =>
              resolve({ status: answer.statusCode ?? 0, received, error: err.message }),
            );
            answer.on('end', () =>
              resolve({ status: answer.statusCode ?? 0, received, error: 'none' }),
            );
          },
        );
        request.end();
      },
    );
    expect(outcome).toStrictEqual({ status: 200, received: 'only ten b', error: 'aborted' });
    // The client may see the cut before the proxy has logged it (Node 24 orders it so).
    await vi.waitFor(() =>
      expect(
        gateway.logs.find((line) => line.correlationId === 'mid-1' && line.level === 'error'),
      ).toMatchObject({ msg: 'upstream failed while the answer was streamed' }),
    );
  });

  it('cuts the client connection when the upstream falls silent in the middle of the body', async () => {
    upstream.behaviour = (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
    };
    const outcome = await new Promise<string>((resolve) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: gateway.port, path: '/slow/v1/export', agent: false },
        (answer) => {
          answer.resume();
          answer.on('error', (err) => resolve(err.message));
          answer.on('end', () => resolve('complete'));
        },
      );
      request.end();
    });
    expect(outcome).toBe('aborted');
  });
});
