import { once } from 'node:events';
import { request } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout } from 'node:timers/promises';

import express from 'express';
import type { Request, Response } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProblemError } from '../../../runtime/errors.js';
import type { OperationScope, Policy, PolicyContext } from '../../policy.js';
import { threatProtection } from './index.js';

const SCOPE: OperationScope = {
  apiId: 'canonical-v1',
  api: 'canonical',
  version: 'v1',
  operationId: 'createOrder',
  method: 'post',
  path: '/orders',
  security: [],
  securitySchemes: {},
  document: {},
  operation: {},
};

const log = pino({ level: 'silent' });

interface Answer {
  /** Whether the client had sent its whole body when the answer came. */
  sentAll: boolean;
  status: number;
  connection: string | undefined;
  body: unknown;
}

/**
 * Sends `chunks` one by one (chunked encoding unless `headers` set a length) and reads the
 * answer. With `paced`, each chunk waits a timer tick first, so socket buffers cannot swallow
 * the whole body before a busy server has had its turn to answer.
 */
async function send(
  port: number,
  chunks: readonly string[],
  headers: Record<string, string> = {},
  paced = false,
): Promise<Answer> {
  const req = request({
    port,
    method: 'POST',
    path: '/orders',
    headers: { 'content-type': 'application/json', ...headers },
  });
  const answered = once(req, 'response') as Promise<[IncomingMessage]>;
  // The server may stop reading and close: a write after that fails, which is the point.
  req.on('error', () => undefined);
  let sentAll = false;
  const write = async () => {
    for (const chunk of chunks) {
      if (paced) await setTimeout(1);
      if (req.destroyed) return;
      if (!req.write(chunk)) await Promise.race([once(req, 'drain'), once(req, 'close')]);
    }
    req.end();
    sentAll = true;
  };
  write().catch(() => undefined);
  const [res] = await answered;
  const answeredEarly = !sentAll;
  let text = '';
  for await (const part of res) text += String(part);
  return {
    sentAll: !answeredEarly,
    status: res.statusCode ?? 0,
    connection: res.headers.connection,
    body: JSON.parse(text),
  };
}

describe('threat-protection on a real HTTP server', () => {
  let server: Server;
  let port = 0;
  let policy: Policy;

  beforeAll(async () => {
    const context = { apiId: 'canonical-v1', log } as unknown as PolicyContext;
    policy = await threatProtection.create({ maxBytes: 64 * 1024 }, context);
    const app = express();
    app.post('/orders', async (req: Request, res: Response) => {
      try {
        await policy.onRequest?.({ req, res, scope: SCOPE, log, clientAddress: '127.0.0.1' });
        res.json({ received: req.body as unknown });
      } catch (err) {
        if (!(err instanceof ProblemError)) throw err;
        res.status(err.status).json({ code: err.code, detail: err.detail });
      }
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  it('reads a chunked JSON body sent in small pieces', async () => {
    const body = JSON.stringify({ lines: Array.from({ length: 200 }, (_, k) => ({ k })) });
    const chunks = body.match(/.{1,7}/g) ?? [];
    expect(await send(port, chunks)).toStrictEqual({
      sentAll: true,
      status: 200,
      connection: 'keep-alive',
      body: { received: JSON.parse(body) as unknown },
    });
  });

  it('answers 413 to a chunked body past the limit while the client is still sending', async () => {
    const chunks = ['[', ...Array.from({ length: 4096 }, () => `"${'x'.repeat(1020)}",`), '""]'];
    const answer = await send(port, chunks, {}, true);
    expect(answer).toMatchObject({
      sentAll: false,
      status: 413,
      connection: 'close',
      body: { code: 'payload-too-large' },
    });
  });

  it('answers 413 to a Content-Length past the limit without waiting for the body', async () => {
    // Five of the ten million declared bytes are sent: an answer proves nobody waited for more.
    const answer = await send(port, ['{"a":'], { 'content-length': String(10 * 1024 * 1024) });
    expect(answer).toStrictEqual({
      sentAll: true,
      status: 413,
      connection: 'close',
      body: {
        code: 'payload-too-large',
        detail:
          'The body declares 10485760 bytes (Content-Length), more than the limit of 65536 ' +
          'bytes; send a smaller body.',
      },
    });
  });

  it('answers 400 to a body nested 10,000 deep and stays up', async () => {
    const body = '['.repeat(10_000) + ']'.repeat(10_000);
    const answer = await send(port, [body]);
    expect(answer).toMatchObject({ status: 400, body: { code: 'body-too-complex' } });
    expect((await send(port, ['{"ok":true}'])).body).toStrictEqual({ received: { ok: true } });
  });
});
