import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { loadConfig, maskPassword } from '../config/index.js';
import type { RuntimeConfig } from '../config/index.js';
import { createLogger } from '../observability/logger.js';
import type { Logger } from '../observability/logger.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/index.js';
import { loadServedApis } from './apis.js';
import { createApp } from './app.js';

/** A running Junction process. */
export interface RunningServer {
  url: string;
  server: Server;
  store: Store;
  /** Stops accepting, drains in-flight requests, then closes the database. */
  stop(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 10_000;

/** Opens the store, mounts every API and listens; `overrides` replace environment settings. */
export async function startServer(options: {
  projectDir: string;
  overrides?: Partial<RuntimeConfig>;
  logger?: Logger;
  /** True to skip the banner of URLs on stdout, as tests do. */
  quiet?: boolean;
}): Promise<RunningServer> {
  const config = { ...loadConfig(), ...options.overrides };
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const generatedDir = join(options.projectDir, 'generated');
  let accepting = true;
  const app = createApp({
    store,
    logger,
    apis: loadServedApis(generatedDir),
    generatedDir,
    bodyLimitBytes: config.bodyLimitBytes,
    isAccepting: () => accepting,
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const url = `http://${displayHost(config.host)}:${(server.address() as AddressInfo).port}`;
  const stop = once(async () => {
    accepting = false;
    await drain(server, logger);
    await store.close();
    logger.info('stopped');
  });
  announce(url, store, config, logger, options.quiet ?? false);
  return { url, server, store, stop };
}

/** Starts the server and stops it gracefully on SIGTERM or SIGINT. */
export async function runUntilSignalled(projectDir: string): Promise<void> {
  const running = await startServer({ projectDir });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void running.stop().then(() => process.exit(0)));
  }
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
      `  canonical v1  ${url}/canonical/v1`,
      `  billing v1    ${url}/billing/v1`,
      `  sales v1      ${url}/sales/v1`,
      `  docs          ${url}/docs/`,
      `  health        ${url}/healthz  ${url}/readyz`,
      `  storage       ${store.dialect} (${database})`,
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
