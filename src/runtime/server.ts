import { randomUUID } from 'node:crypto';
import { STATUS_CODES, createServer } from 'node:http';
import type { RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';

import { loadFileConfig } from '../config/file.js';
import { checkHttpLimits, loadConfig, maskPassword } from '../config/index.js';
import type { HttpLimits, RuntimeConfig } from '../config/index.js';
import { createLogger } from '../observability/logger.js';
import type { Logger } from '../observability/logger.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { ensureAdminKey } from '../store/platform/index.js';
import { loadServedApis } from './apis.js';
import type { MountableApi } from './mount.js';
import { createApp } from './app.js';
import { toProblem } from './errors.js';
import type { ErrorCode } from './errors.js';
import { startComponents } from './components.js';
import { assembleGateway } from './gateway-setup.js';
import { RUNTIME_COMPONENTS } from './runtime-components.js';

/** A running Junction process. */
export interface RunningServer {
  /** The admin key made on this start because the database had none; shown once. */
  bootstrapKey?: string;
  url: string;
  server: Server;
  store: Store;
  /** Stops accepting, drains in-flight requests, then closes the database. */
  stop(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 10_000;
const DROP_LOG_INTERVAL_MS = 10_000;

/** Opens the store, mounts every API and listens; `overrides` replace environment settings. */
export async function startServer(options: {
  projectDir: string;
  overrides?: Partial<RuntimeConfig>;
  logger?: Logger;
  /** True to skip the banner of URLs on stdout, as tests do. */
  quiet?: boolean;
}): Promise<RunningServer> {
  const config = { ...loadConfig(), ...options.overrides };
  checkHttpLimits(config);
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const generatedDir = join(options.projectDir, 'generated');
  const apis = loadServedApis(generatedDir);
  const bootstrapKey = await ensureAdminKey(store, process.env).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const assembled = await assembleGateway({
    generatedDir,
    apis,
    file: loadFileConfig(options.projectDir),
    store,
    logger,
    redisUrl: process.env.REDIS_URL || undefined,
    bodyLimitBytes: config.bodyLimitBytes,
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const components = await startComponents(RUNTIME_COMPONENTS, {
    store,
    logger,
    env: process.env,
    projectDir: options.projectDir,
  }).catch(async (err: unknown) => {
    await assembled.close();
    await store.close();
    throw err;
  });
  let accepting = true;
  const app = createApp({
    store,
    logger,
    apis,
    gateway: assembled.gateway,
    gatewayRoutes: (app) => {
      assembled.routes(app);
      components.routes(app);
    },
    services: components.services,
    generatedDir,
    bodyLimitBytes: config.bodyLimitBytes,
    isAccepting: () => accepting,
  });
  const server = createHttpServer(app, config, logger);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const url = `http://${displayHost(config.host)}:${(server.address() as AddressInfo).port}`;
  const stop = once(async () => {
    accepting = false;
    await drain(server, logger);
    await components.stop();
    await assembled.close();
    for (const api of apis) api.proxy?.close?.();
    await store.close();
    logger.info('stopped');
  });
  const printKey = bootstrapKey !== undefined && !process.env.JUNCTION_ADMIN_KEY;
  announce(url, apis, store, config, logger, options.quiet ?? false);
  if (printKey) announceAdminKey(bootstrapKey, logger, options.quiet ?? false);
  return { url, server, store, stop, ...(bootstrapKey ? { bootstrapKey } : {}) };
}

/** Starts the server and stops it gracefully on SIGTERM or SIGINT. */
export async function runUntilSignalled(projectDir: string): Promise<void> {
  const running = await startServer({ projectDir });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void running.stop().then(() => process.exit(0)));
  }
}

/**
 * Creates the HTTP server with the limits that keep slow or greedy clients from holding it:
 * headers and whole requests must arrive in time, idle keep-alive connections close, header size
 * and count are capped, and connections beyond `maxConnections` are closed at once. A request
 * that times out or is not well-formed HTTP is answered with a problem document, not a bare 408
 * or 400, and its connection is closed.
 */
export function createHttpServer(app: RequestListener, limits: HttpLimits, logger: Logger): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      maxHeaderSize: limits.maxHeaderSize,
      // Node checks both timeouts only this often (30 s by default), which would stretch them.
      connectionsCheckingInterval: checkingInterval(limits),
    },
    app,
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxHeadersCount = limits.maxHeadersCount;
  server.maxConnections = limits.maxConnections;
  const responses = new WeakMap<Duplex, ServerResponse>();
  server.on('request', (req: { socket: Duplex }, res: ServerResponse) =>
    responses.set(req.socket, res),
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) =>
    answerClientError(err, socket, responses.get(socket), limits, logger),
  );
  server.on('drop', dropLogger(limits.maxConnections, logger));
  return server;
}

function checkingInterval(limits: HttpLimits): number {
  const shortest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return Math.max(10, Math.min(1_000, Math.floor(shortest / 4)));
}

/**
 * Answers a request Node's parser gave up on. A response already under way cannot be replaced,
 * so its connection is only closed; otherwise a problem document goes out before the close.
 */
function answerClientError(
  err: NodeJS.ErrnoException,
  socket: Duplex,
  current: ServerResponse | undefined,
  limits: HttpLimits,
  logger: Logger,
): void {
  const underway = current !== undefined && !current.writableFinished;
  if (err.code === 'ECONNRESET' || !socket.writable || (underway && current.headersSent)) {
    socket.destroy();
    return;
  }
  const { code, detail } = describeClientError(err, underway, limits);
  const correlationId = randomUUID();
  logger.warn({ correlationId, code, reason: err.code }, 'request refused before it was routed');
  const body = JSON.stringify(toProblem(code, detail, { correlationId }));
  const status = code === 'request-timeout' ? 408 : 400;
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Correlation-Id: ${correlationId}`,
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}

function describeClientError(
  err: NodeJS.ErrnoException,
  bodyUnderway: boolean,
  limits: HttpLimits,
): { code: ErrorCode; detail: string } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    const detail = bodyUnderway
      ? `The request was not received completely within ${limits.requestTimeoutMs} ms.`
      : `The request headers were not received within ${limits.headersTimeoutMs} ms.`;
    return { code: 'request-timeout', detail };
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const detail = `The request headers are larger than ${limits.maxHeaderSize} bytes; send fewer or smaller headers.`;
    return { code: 'validation-failed', detail };
  }
  return {
    code: 'validation-failed',
    detail: `The request is not well-formed HTTP/1.1 (${err.code ?? 'unreadable'}); send a valid request.`,
  };
}

/** Logs refused connections at most once per interval, with how many there were. */
function dropLogger(maxConnections: number, logger: Logger): () => void {
  let dropped = 0;
  let lastLoggedAt = 0;
  return () => {
    dropped += 1;
    const now = Date.now();
    if (now - lastLoggedAt < DROP_LOG_INTERVAL_MS) return;
    logger.warn({ dropped, maxConnections }, 'connections refused: too many open connections');
    lastLoggedAt = now;
    dropped = 0;
  };
}

function drain(server: Server, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs: DRAIN_TIMEOUT_MS }, 'drain timed out; closing open connections');
      server.closeAllConnections();
    }, DRAIN_TIMEOUT_MS);
    // Connections that finish their last request while draining become idle; close them as
    // they do instead of waiting for the keep-alive timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

function announce(
  url: string,
  apis: readonly MountableApi[],
  store: Store,
  config: RuntimeConfig,
  logger: Logger,
  quiet: boolean,
): void {
  const database = config.databaseUrl
    ? maskPassword(config.databaseUrl)
    : join(config.dataDir, 'junction.db');
  logger.info({ url, dialect: store.dialect, database }, 'listening');
  if (quiet) return;
  process.stdout.write(
    [
      `Junction is listening on ${url}`,
      ...apis.map((api) => `  ${api.id.padEnd(18)} ${url}${api.basePath}`),
      `  ${'token endpoint'.padEnd(18)} ${url}/oauth2/token`,
      `  ${'docs'.padEnd(18)} ${url}/docs/`,
      `  ${'health'.padEnd(18)} ${url}/healthz  ${url}/readyz`,
      `  ${'storage'.padEnd(18)} ${store.dialect} (${database})`,
      '',
    ].join('\n'),
  );
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}

function once(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= work());
}

/** Prints the bootstrap admin key once: it is stored only as a hash and cannot be shown again. */
function announceAdminKey(key: string, logger: Logger, quiet: boolean): void {
  logger.warn('created the first admin key; it is printed once on stdout and stored only hashed');
  if (quiet) return;
  process.stdout.write(
    [
      '',
      `  admin key          ${key}`,
      '  Keep it now: it is not shown again. Send it as X-Admin-Key to /platform/v1.',
      '',
    ].join('\n'),
  );
}
