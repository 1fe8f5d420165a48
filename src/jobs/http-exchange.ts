import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Request, RequestHandler, Response } from 'express';

interface Exchange {
  req: Request;
  res: Response;
  stream?: Readable;
}

// Handlers see a request's headers object, never the request; it is the one key both share.
const exchanges = new WeakMap<IncomingHttpHeaders, Exchange>();

/**
 * Middleware for the routes whose handlers stream: the import upload is read from the request
 * as it arrives and an export is written to the response as it is read, neither held in
 * memory. It lends the handler both ends by the request's headers object, and lets
 * `streamResponse` replace the body the runtime sends.
 */
export function lendStreams(): RequestHandler {
  return (req, res, next) => {
    const exchange: Exchange = { req, res };
    exchanges.set(req.headers, exchange);
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (exchange.stream === undefined) return send(body);
      pipeline(exchange.stream, res).catch((err: unknown) => {
        // Headers are gone already: all that is left is to cut the answer short.
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return res;
    };
    next();
  };
}

/** The body of the request these headers came with, unread; undefined outside `lendStreams`. */
export function requestStreamOf(headers: IncomingHttpHeaders): Readable | undefined {
  return exchanges.get(headers)?.req;
}

/**
 * Makes `body` the answer to the request these headers came with: the runtime's status and
 * headers are sent as usual, then `body` is piped in place of the handler's placeholder body.
 * False outside `lendStreams`.
 */
export function streamResponse(headers: IncomingHttpHeaders, body: Readable): boolean {
  const exchange = exchanges.get(headers);
  if (exchange === undefined) return false;
  exchange.stream = body;
  return true;
}
