import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream';

import type { Request, Response } from 'express';

import { createLogger } from '../../observability/logger.js';
import type { Logger } from '../../observability/logger.js';
import type { RequestLocals } from '../../runtime/correlation.js';
import { ProblemError } from '../../runtime/errors.js';
import { sendProblem } from '../../runtime/problem-response.js';
import { unmapped } from '../policies/ip-access/index.js';
import { endToEndHeaders, upstreamRequestHeaders } from './forwarded-headers.js';
import { targetPath } from './target-path.js';

/** How one proxy handler reaches its upstream. */
export interface ProxyOptions {
  /** `http://host:port/prefix`: the request path after `basePath` is appended to the prefix. */
  upstream: string;
  /** Longest silence on the upstream connection, in ms, before the request fails with 504. */
  timeoutMs: number;
  /** Longest wait for a new upstream connection, in ms; defaults to `timeoutMs`. */
  connectTimeoutMs?: number;
  /** The gateway path the handler is mounted at, `/systems/billing/v1`. */
  basePath: string;
  /** Used when the request carries no child logger of its own. */
  log?: Logger;
  /** True to send an RFC 7239 `Forwarded` header as well as `X-Forwarded-*`. */
  forwarded?: boolean;
  /** The connection pool; by default the handler keeps its own keep-alive pool. */
  agent?: Agent;
}

/** An Express request handler that forwards to one upstream; `close` ends its idle connections. */
export type ProxyHandler = ((req: Request, res: Response) => void) & { close(): void };

/** What the handler resolved once from its options. */
interface Upstream {
  url: URL;
  send: typeof httpRequest;
  agent: Agent;
  options: ProxyOptions;
  connectTimeoutMs: number;
  fallbackLog: Logger;
}

/**
 * Creates a handler that streams each request to the upstream and its answer back: bodies are
 * piped, never buffered, unless a gateway policy already parsed the body (`req.body` is set), in
 * which case it is serialised again. Hop-by-hop headers are dropped both ways. A connect or
 * response timeout answers 504 `upstream-timeout`; a refused or reset connection before the
 * answer starts answers 502 `upstream-failed`; a failure after that cuts the client connection.
 * A client that goes away aborts the upstream request.
 *
 * @example
 * const billing = createProxyHandler({
 *   upstream: 'http://127.0.0.1:4010',
 *   timeoutMs: 10_000,
 *   basePath: '/systems/billing/v1',
 * });
 * app.use('/systems/billing/v1', billing);
 */
export function createProxyHandler(options: ProxyOptions): ProxyHandler {
  const url = URL.canParse(options.upstream) ? new URL(options.upstream) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new TypeError(
      `upstream '${options.upstream}' is not valid: expected an http:// or https:// URL`,
    );
  }
  const https = url.protocol === 'https:';
  const agent =
    options.agent ??
    (https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true }));
  const upstream: Upstream = {
    url,
    send: https ? httpsRequest : httpRequest,
    agent,
    options,
    connectTimeoutMs: options.connectTimeoutMs ?? options.timeoutMs,
    fallbackLog: options.log ?? createLogger('silent'),
  };
  const handler = (req: Request, res: Response): void => forward(upstream, req, res);
  return Object.assign(handler, { close: () => agent.destroy() });
}

function forward(upstream: Upstream, req: Request, res: Response): void {
  const own = (res.locals as Partial<RequestLocals>).log;
  const log = (own ?? upstream.fallbackLog).child({ upstream: upstream.url.origin });
  const target = targetPath(req.originalUrl, upstream.options.basePath, upstream.url.pathname);
  if (!target.ok) return refuse(req, res, target.reason);
  if (req.readableEnded && req.body === undefined) {
    log.error('the request body was read before the proxy without being kept in req.body');
    return sendProblem(
      req,
      res,
      new ProblemError('internal', 'The request body was lost before forwarding.'),
    );
  }
  const replay = replayBody(req);
  const outgoing = upstream.send({
    protocol: upstream.url.protocol,
    hostname: upstream.url.hostname.replace(/^\[|\]$/g, ''),
    port: upstream.url.port,
    method: req.method,
    path: target.path,
    headers: outgoingHeaders(upstream, req, res, replay),
    agent: upstream.agent,
  });
  new Exchange(upstream, req, res, outgoing, log).start(replay);
}

/** One forwarded request: its state machine from sending to the last byte of the answer. */
class Exchange {
  private answered = false;
  private clientGone = false;
  private upstreamBroke = false;
  private timedOut: 'connect' | 'response' | undefined;

  constructor(
    private readonly upstream: Upstream,
    private readonly req: Request,
    private readonly res: Response,
    private readonly outgoing: ClientRequest,
    private readonly log: Logger,
  ) {}

  start(replay: Buffer | undefined): void {
    this.watchConnect();
    this.outgoing.setTimeout(this.upstream.options.timeoutMs, () => this.abort('response'));
    this.outgoing.on('response', (answer) => this.relay(answer));
    this.outgoing.on('error', (err) => this.fail(err));
    this.res.once('close', () => this.onClientClose());
    this.req.once('error', (err) => this.log.debug({ err }, 'client request stream failed'));
    if (replay) this.outgoing.end(replay);
    else this.req.pipe(this.outgoing);
  }

  private watchConnect(): void {
    this.outgoing.once('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => this.abort('connect'), this.upstream.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      this.outgoing.once('close', () => clearTimeout(timer));
    });
  }

  private abort(phase: 'connect' | 'response'): void {
    this.timedOut ??= phase;
    this.outgoing.destroy(new Error(`upstream ${phase} timed out`));
  }

  private relay(answer: IncomingMessage): void {
    this.answered = true;
    for (const [name, value] of Object.entries(endToEndHeaders(answer.headers))) {
      // Headers the gateway's policies set (CORS, rate limits, correlation id) win.
      if (value !== undefined && !this.res.hasHeader(name)) this.res.setHeader(name, value);
    }
    this.res.writeHead(answer.statusCode ?? 502);
    answer.once('error', () => (this.upstreamBroke = true));
    pipeline(answer, this.res, (err) => {
      // An answer that ended before it was complete broke upstream, whatever the pipeline says:
      // Node 24 may finish it without an error, and close the client side first.
      const broken = this.upstreamBroke || !answer.complete;
      if (!broken && (!err || this.clientGone)) return;
      this.log.error(
        { err, phase: this.timedOut },
        'upstream failed while the answer was streamed',
      );
    });
  }

  private fail(err: Error): void {
    if (this.answered || this.clientGone) return;
    this.req.unpipe(this.outgoing);
    if (this.timedOut) {
      this.log.error({ err, phase: this.timedOut }, 'upstream timed out');
      sendProblem(this.req, this.res, new ProblemError('upstream-timeout', this.timeoutDetail()));
      return;
    }
    this.log.error({ err }, 'upstream request failed');
    sendProblem(
      this.req,
      this.res,
      new ProblemError(
        'upstream-failed',
        'The upstream service could not be reached or closed the connection; the correlation id finds the cause in the logs.',
      ),
    );
  }

  private timeoutDetail(): string {
    return this.timedOut === 'connect'
      ? `The upstream service did not accept a connection within ${this.upstream.connectTimeoutMs} ms.`
      : `The upstream service did not answer within ${this.upstream.options.timeoutMs} ms.`;
  }

  private onClientClose(): void {
    if (this.res.writableFinished || this.upstreamBroke) return;
    this.clientGone = true;
    this.log.info('client closed the connection; upstream request aborted');
    this.outgoing.destroy();
  }
}

function refuse(req: Request, res: Response, reason: 'outside-base-path' | 'dot-segment'): void {
  const error =
    reason === 'dot-segment'
      ? new ProblemError(
          'validation-failed',
          `The path '${req.path}' has a '.' or '..' segment; send the path without them.`,
        )
      : new ProblemError('route-not-found', `No upstream is mapped at '${req.path}'.`);
  sendProblem(req, res, error);
}

function outgoingHeaders(
  upstream: Upstream,
  req: Request,
  res: Response,
  replay: Buffer | undefined,
): OutgoingHttpHeaders {
  const headers = upstreamRequestHeaders(req.headers, {
    peer: req.socket.remoteAddress === undefined ? undefined : unmapped(req.socket.remoteAddress),
    proto: req.protocol,
    host: req.host,
    correlationId: (res.locals as Partial<RequestLocals>).correlationId,
    forwarded: upstream.options.forwarded ?? false,
  });
  if (!replay) return headers;
  // The parsed body is sent again as JSON, uncompressed, with its new length.
  delete headers['content-encoding'];
  headers['content-length'] = replay.length;
  if (
    !Buffer.isBuffer(req.body) &&
    typeof req.body !== 'string' &&
    !isJson(req.headers['content-type'])
  ) {
    headers['content-type'] = 'application/json';
  }
  return headers;
}

/** The body a gateway policy parsed, serialised again; undefined when the stream is untouched. */
function replayBody(req: Request): Buffer | undefined {
  const body: unknown = req.body;
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^[^;]*[/+]json\s*(;|$)/i.test(contentType);
}
