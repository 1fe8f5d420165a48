import express from 'express';
import type { Request, Response, Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

import type { ApiContext } from '../apis/context.js';
import type { Store } from '../store/index.js';
import { localsOf } from './correlation.js';

/** One row of a generated route table. */
export interface RouteDefinition {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
  path: string;
  expressPath: string;
  requestMediaTypes: readonly string[];
}

/** What a handler returns: a declared status, optional headers, and a body. */
export interface HandlerResult {
  status: number;
  contentType?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

type AnyHandler = (request: never, context: ApiContext) => Promise<HandlerResult> | HandlerResult;

/** An API version ready to mount: its bundled spec, route table and handlers. */
export interface MountableApi {
  id: string;
  basePath: string;
  document: Record<string, unknown>;
  routes: readonly RouteDefinition[];
  handlers: object;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Builds the router of one API version: JSON parsing, request validation against the bundled
 * spec, the handler of each operation, and response validation.
 */
export function createApiRouter(api: MountableApi, store: Store, bodyLimitBytes: number): Router {
  const router = express.Router();
  router.use(express.json({ type: JSON_TYPES, limit: bodyLimitBytes, strict: false }));
  router.use(
    OpenApiValidator.middleware({
      apiSpec: structuredClone(api.document) as never,
      validateRequests: { allErrors: true },
      validateResponses: { removeAdditional: false },
      validateSecurity: false,
      ignoreUndocumented: false,
    }),
  );
  const handlers = api.handlers as Record<string, AnyHandler>;
  for (const route of api.routes) {
    const handler = handlers[route.operationId];
    if (!handler)
      throw new Error(`API ${api.id} has no handler for operation '${route.operationId}'`);
    const responseTypes = responseMediaTypes(api.document, route);
    router[route.method](route.expressPath, async (req: Request, res: Response) => {
      const context = contextOf(req, res, store, api.basePath);
      const result = await handler(toRequest(req) as never, context);
      send(req, res, result, responseTypes.get(String(result.status)));
    });
  }
  return router;
}

function toRequest(req: Request) {
  return { params: req.params, query: req.query, headers: req.headers, body: req.body as unknown };
}

function contextOf(req: Request, res: Response, store: Store, basePath: string): ApiContext {
  const { correlationId, log } = localsOf(res);
  return {
    store,
    log,
    correlationId,
    baseUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}${basePath}`,
  };
}

function send(
  req: Request,
  res: Response,
  result: HandlerResult,
  declaredType: string | undefined,
): void {
  res.status(result.status);
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  if (result.body === undefined) {
    res.end();
    return;
  }
  const type = result.contentType ?? declaredType ?? 'application/json';
  const body = type === 'application/problem+json' ? withInstance(req, result.body) : result.body;
  res.type(type).send(type.endsWith('json') ? JSON.stringify(body) : body);
}

/** A handler's problem names the request it answers, as the error handler's problems do. */
function withInstance(req: Request, body: unknown): unknown {
  if (body === null || typeof body !== 'object' || 'instance' in body) return body;
  return { ...body, instance: req.originalUrl.split('?', 1)[0] };
}

/** The first media type each status of an operation declares, keyed by status code. */
function responseMediaTypes(
  document: Record<string, unknown>,
  route: RouteDefinition,
): Map<string, string> {
  const paths = document.paths as Record<
    string,
    Record<string, { responses?: Record<string, unknown> }>
  >;
  const responses = paths[route.path]?.[route.method]?.responses ?? {};
  const types = new Map<string, string>();
  for (const [status, raw] of Object.entries(responses)) {
    const response = followRef(document, raw) as { content?: Record<string, unknown> };
    const first = Object.keys(response.content ?? {})[0];
    if (first) types.set(status, first);
  }
  return types;
}

function followRef(document: Record<string, unknown>, value: unknown): unknown {
  const ref = (value as { $ref?: string } | null)?.$ref;
  if (!ref?.startsWith('#/')) return value;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}
