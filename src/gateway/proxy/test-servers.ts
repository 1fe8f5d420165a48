import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  Server,
  ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import express from 'express';

import { createLogger } from '../../observability/logger.js';
import { correlation } from '../../runtime/correlation.js';
import { problemHandler } from '../../runtime/problem-response.js';
import { createProxyHandler } from './proxy-handler.js';
import type { ProxyHandler, ProxyOptions } from './proxy-handler.js';

// Servers on loopback for the proxy's integration tests: a scriptable upstream and a gateway app.

/** What the fake upstream does with one request. */
export type UpstreamBehaviour = (req: IncomingMessage, res: ServerResponse) => void;

/** A throwaway upstream on loopback whose behaviour each test sets. */
export class FakeUpstream {
  behaviour: UpstreamBehaviour = (_req, res) => res.end();
  readonly server: Server = createServer((req, res) => this.behaviour(req, res));

  async listen(): Promise<string> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The gateway side: correlation ids, proxies mounted at their base paths, the error handler. */
export class TestGateway {
  readonly logs: Record<string, unknown>[] = [];
  readonly handlers: ProxyHandler[] = [];
  readonly app = express();
  server: Server | undefined;
  port = 0;

  constructor() {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          this.logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    this.app.use(correlation(createLogger('debug', sink)));
  }

  mount(
    path: string,
    options: Omit<ProxyOptions, 'basePath'>,
    ...before: express.RequestHandler[]
  ): void {
    const handler = createProxyHandler({ ...options, basePath: path });
    this.handlers.push(handler);
    this.app.use(path, ...before, handler);
  }

  async listen(): Promise<void> {
    this.app.use(problemHandler());
    this.server = this.app.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const handler of this.handlers) handler.close();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** A whole answer as the client received it. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request over a fresh connection. */
export function send(
  port: number,
  path: string,
  options: { method?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The answer's body parsed as JSON. */
export function json(answer: Answer): unknown {
  return JSON.parse(answer.body.toString('utf8'));
}

/** Rejects, naming `what`, unless `promise` settles within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms),
    ),
  ]);
}
