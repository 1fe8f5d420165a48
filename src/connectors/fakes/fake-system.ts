import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler, Response, Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

/** One request a fake system received, as the flow under test sent it. */
export interface RecordedCall {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, unknown>;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  /** The `Idempotency-Key` header, when sent. */
  idempotencyKey?: string;
}

/** A failure the fake answers with instead of doing the work, until `times` calls have had it. */
export interface InjectedFailure {
  status: number;
  /** How many calls fail; every call until `recover()` when absent. */
  times?: number;
}

/** A running fake: its URL, what it was sent, its in-memory records, and how to stop it. */
export interface FakeSystem<State> {
  /** The origin to point a generated client at, `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request received, oldest first, including refused and failed ones. */
  calls: RecordedCall[];
  /** The records the fake holds; tests may read and seed them. */
  state: State;
  /** Makes the next calls fail with `status` before any work is done. */
  fail(failure: InjectedFailure): void;
  /** Ends an injected failure. */
  recover(): void;
  stop(): Promise<void>;
}

/** What one system contributes to a fake: its state, its routes and its error body. */
export interface FakeDefinition<State> {
  /** The API id of the system spec whose bundled document the fake validates against. */
  apiId: string;
  createState(): State;
  /** Fills a new state from the bundled document, such as a catalog from its examples. */
  seed?(state: State, document: Record<string, unknown>): void;
  mount(router: Router, state: State, context: FakeContext): void;
  /** The system's own error body for a status and a message. */
  errorBody(status: number, message: string): unknown;
}

/** What a fake's routes may ask of the running fake. */
export interface FakeContext {
  /** The fake's origin, for links and `Location` headers. */
  origin(): string;
  /** The fake's clock, ISO 8601 in UTC. */
  now(): Date;
}

/** Options of a fake. */
export interface FakeOptions {
  /** The loopback port; a free one when absent. */
  port?: number;
  /** Where the pipeline's output lives; `./generated` by default. */
  generatedDir?: string;
  /** The clock timestamps come from; the system clock by default. */
  now?: () => Date;
}

/** An error a fake's route throws to answer with a status and the system's error body. */
export class FakeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'FakeError';
  }
}

/**
 * Serves `definition` on loopback: every request is recorded, then validated against the bundled
 * system spec, then handled over in-memory state.
 */
export async function serveFake<State>(
  definition: FakeDefinition<State>,
  options: FakeOptions = {},
): Promise<FakeSystem<State>> {
  const generatedDir = options.generatedDir ?? join(process.cwd(), 'generated');
  const document = JSON.parse(
    readFileSync(join(generatedDir, definition.apiId, 'openapi.json'), 'utf8'),
  ) as Record<string, unknown>;
  const state = definition.createState();
  definition.seed?.(state, document);
  const calls: RecordedCall[] = [];
  let failure: InjectedFailure | undefined;
  let origin = '';
  const context: FakeContext = { origin: () => origin, now: options.now ?? (() => new Date()) };

  const app = express();
  app.use(express.json({ type: ['application/json', 'application/*+json'] }));
  app.use(recordCall(calls));
  app.use((request, response, next) => {
    if (failure === undefined) return next();
    const status = failure.status;
    if (failure.times !== undefined && --failure.times <= 0) failure = undefined;
    response.status(status).json(definition.errorBody(status, 'injected failure'));
  });
  app.use(validator(document));
  const router = express.Router();
  definition.mount(router, state, context);
  app.use(router);
  app.use(errorHandler(definition));

  const server = await listen(app, options.port ?? 0);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    calls,
    state,
    fail: (next) => (failure = { ...next }),
    recover: () => (failure = undefined),
    stop: () => close(server),
  };
}

function recordCall(calls: RecordedCall[]): RequestHandler {
  return (request, _response, next) => {
    const key = request.header('idempotency-key');
    calls.push({
      method: request.method,
      path: decodeURIComponent(request.path),
      query: { ...(request.query as Record<string, unknown>) },
      body: structuredClone(request.body as unknown),
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    next();
  };
}

function validator(document: Record<string, unknown>): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: structuredClone(document) as never,
    validateRequests: { allErrors: true },
    // Answers are checked by the tests against the generated types; the validator's response
    // checks cannot compile the ERP's error schema (its `o:` property names).
    validateResponses: false,
    validateSecurity: false,
    ignoreUndocumented: false,
  });
}

function errorHandler<State>(definition: FakeDefinition<State>): ErrorRequestHandler {
  return (err: unknown, _request: Request, response: Response, next: (err?: unknown) => void) => {
    if (response.headersSent) return next(err);
    const status = statusOf(err);
    const message = err instanceof Error ? err.message : String(err);
    response.status(status).json(definition.errorBody(status, message));
  };
}

function statusOf(err: unknown): number {
  if (err instanceof FakeError) return err.status;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', (err?: Error) =>
      err === undefined ? resolve(server) : reject(err),
    );
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err === undefined ? resolve() : reject(err)));
    server.closeAllConnections();
  });
}

/** A counter of record numbers, each zero-padded to `width` digits after `prefix`. */
export function numberer(prefix: string, width: number, first = 1): () => string {
  let next = first;
  return () => `${prefix}${String(next++).padStart(width, '0')}`;
}
