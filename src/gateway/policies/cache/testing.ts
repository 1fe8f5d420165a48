import { Writable } from 'node:stream';

import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';

import { createLogger } from '../../../observability/logger.js';
import type { Logger } from '../../../observability/logger.js';
import type { Store } from '../../../store/index.js';
import type { Exchange, GatewayResult, Policy, PolicyContext } from '../../policy.js';

/** What a test request is made of; everything has a plain default. */
export interface TestRequest {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  clientId?: string;
  security?: Readonly<Record<string, readonly string[]>>[];
  operationId?: string;
  apiId?: string;
}

/**
 * An exchange over the few parts of Express's request and response the cache reads: method,
 * path, query, headers, and response headers set by other policies.
 */
export function testExchange(request: TestRequest = {}): Exchange {
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const req = {
    method: request.method ?? 'GET',
    baseUrl: '/canonical/v1',
    path: request.path ?? '/organizations/42',
    query: request.query ?? {},
    headers,
    get: (name: string) => headers[name.toLowerCase()],
  };
  const set = new Map<string, string | string[]>();
  const res = {
    getHeader: (name: string) => set.get(name.toLowerCase()),
    setHeader: (name: string, value: string | string[]) => set.set(name.toLowerCase(), value),
  };
  const exchange: Exchange = {
    // The cache reads only the members above; Express's full types do not apply to a stub.
    req: req as unknown as Request,
    res: res as unknown as Response,
    scope: {
      apiId: request.apiId ?? 'canonical-v1',
      api: 'canonical',
      version: 'v1',
      operationId: request.operationId ?? 'getOrganization',
      method: (request.method ?? 'GET').toLowerCase(),
      path: '/organizations/{organizationId}',
      security: request.security ?? [],
      securitySchemes: {},
      document: {},
      operation: {},
    },
    log: silentLogger(),
    clientAddress: '203.0.113.9',
  };
  if (request.clientId !== undefined) exchange.caller = { clientId: request.clientId };
  return exchange;
}

/** A logger that keeps every line it writes, parsed, for assertions. */
export function recordingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

/** A policy context for an API that has no database and, unless given, no Redis. */
export function testContext(log: Logger = silentLogger(), redis?: Redis): PolicyContext {
  // The cache never touches the database.
  const context: PolicyContext = {
    apiId: 'canonical-v1',
    log,
    store: undefined as unknown as Store,
  };
  if (redis !== undefined) context.redis = redis;
  return context;
}

/**
 * Passes an exchange through one policy as the engine does: its request phase, then the
 * handler unless the policy answered, then its response phase over whichever result came.
 */
export async function passThrough(
  policy: Policy,
  exchange: Exchange,
  handler: () => GatewayResult,
): Promise<{ result: GatewayResult; handled: boolean }> {
  const early = await policy.onRequest?.(exchange);
  const answer = early ?? handler();
  const result = policy.onResponse ? await policy.onResponse(exchange, answer) : answer;
  return { result, handled: early === undefined };
}

function silentLogger(): Logger {
  return createLogger('silent');
}
