import express from 'express';
import type { Request, RequestHandler, Response, Router } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';

import type { ApiContext, PlatformGateway } from '../apis/context.js';
import { newExchange, runRequestPhase, runResponsePhase } from '../gateway/engine.js';
import type { Chain, Gateway, RunState } from '../gateway/engine.js';
import type { GatewayResult } from '../gateway/policy.js';
import type { Store } from '../store/index.js';
import { localsOf } from './correlation.js';
import { declaresIdempotencyKey, runIdempotently } from './idempotency.js';
import type { RuntimeServices } from './services.js';

/** One row of a generated route table. */
export interface RouteDefinition {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
  path: string;
  expressPath: string;
  requestMediaTypes: readonly string[];
}

/** What a handler returns: a declared status, optional headers, and a body. */
export type HandlerResult = GatewayResult;

type AnyHandler = (request: never, context: ApiContext) => Promise<HandlerResult> | HandlerResult;

/** An API version ready to mount: its bundled spec, route table, and handlers or upstream. */
export interface MountableApi {
  id: string;
  basePath: string;
  document: Record<string, unknown>;
  routes: readonly RouteDefinition[];
  /** The hand-written handlers; absent when every operation is proxied. */
  handlers?: object;
  /** Forwards a request upstream, for an API whose spec declares `x-junction-upstream`. */
  proxy?: RequestHandler & { close?(): void };
  /** Headers every answer of an operation carries, such as `Deprecation` and `Sunset`. */
  headersFor?: (route: RouteDefinition) => Readonly<Record<string, string>>;
}

/** What a router needs beside the API itself. */
export interface RouterDependencies {
  store: Store;
  gateway: Gateway;
  /** What the platform API's handlers may ask of the gateway. */
  platform: PlatformGateway;
  bodyLimitBytes: number;
  services: RuntimeServices;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Builds the router of one API version. Each operation runs, in order: its gateway policies
 * (the request phase, which reads the body within its limits), request validation against the
 * bundled spec, the handler, the policies' response phase in reverse, and response validation.
 * A CORS preflight is answered by the operation's `cors` policy. Proxied operations skip
 * validation: the upstream owns its contract.
 */
export function createApiRouter(api: MountableApi, dependencies: RouterDependencies): Router {
  const { store, gateway, bodyLimitBytes, platform, services } = dependencies;
  const router = express.Router();
  const validator = OpenApiValidator.middleware({
    apiSpec: structuredClone(api.document) as never,
    validateRequests: { allErrors: true },
    validateResponses: { removeAdditional: false },
    validateSecurity: false,
    ignoreUndocumented: false,
  });
  const fallbackParser = express.json({ type: JSON_TYPES, limit: bodyLimitBytes, strict: false });
  for (const [expressPath, routes] of groupByPath(api.routes)) {
    router.options(expressPath, preflight(api.id, routes, gateway));
  }
  for (const route of api.routes) {
    const headers = api.headersFor?.(route) ?? {};
    const responseTypes = responseMediaTypes(api.document, route);
    const policies = policyPhase(api.id, route, gateway, headers, responseTypes);
    if (api.proxy) {
      router[route.method](route.expressPath, policies, api.proxy);
      continue;
    }
    const handler = (api.handlers as Record<string, AnyHandler> | undefined)?.[route.operationId];
    if (!handler)
      throw new Error(`API ${api.id} has no handler for operation '${route.operationId}'`);
    const idempotent = declaresIdempotencyKey(api.document, route)
      ? { store, api: api.id, operation: route.operationId, services }
      : undefined;
    router[route.method](
      route.expressPath,
      policies,
      fallbackParser,
      validator,
      async (req: Request, res: Response) => {
        const context = contextOf(req, res, { store, basePath: api.basePath, platform, services });
        const execute = () => handler(toRequest(req) as never, context);
        // After request validation, before the handler: a repeated key replays or is refused.
        let result: HandlerResult = idempotent
          ? await runIdempotently(idempotent, req, res, execute)
          : await execute();
        const state = stateOf(res);
        if (state) result = await runResponsePhase(state.chain, state, result);
        send(req, res, result, responseTypes.get(String(result.status)));
      },
    );
  }
  // Paths and methods no route matches: the validator answers 404 or 405 from the spec.
  router.use(fallbackParser, validator);
  return router;
}

interface PolicyState extends RunState {
  chain: Chain;
}

function stateOf(res: Response): PolicyState | undefined {
  return (res.locals as { gateway?: PolicyState }).gateway;
}

/** The gateway's request phase for one operation, as Express middleware. */
function policyPhase(
  apiId: string,
  route: RouteDefinition,
  gateway: Gateway,
  headers: Readonly<Record<string, string>>,
  responseTypes: ReadonlyMap<string, string>,
): RequestHandler {
  const entries = Object.entries(headers);
  return async (req, res, next) => {
    for (const [name, value] of entries) res.setHeader(name, value);
    const chain = gateway.chain(apiId, route.operationId);
    if (!chain) throw new Error(`the gateway has no chain for ${apiId} ${route.operationId}`);
    const locals = localsOf(res);
    const state: PolicyState = {
      chain,
      exchange: newExchange(chain, req, res, locals.log),
      ran: 0,
    };
    (res.locals as { gateway?: PolicyState }).gateway = state;
    let result: HandlerResult | undefined;
    try {
      result = await runRequestPhase(chain, state);
    } finally {
      const clientId = state.exchange.caller?.clientId;
      if (clientId !== undefined) locals.clientId = clientId;
    }
    if (result === undefined) return next();
    const final = await runResponsePhase(chain, state, result);
    send(req, res, final, responseTypes.get(String(final.status)));
  };
}

/** Answers `OPTIONS` with an `Access-Control-Request-Method` through that operation's policies. */
function preflight(
  apiId: string,
  routes: readonly RouteDefinition[],
  gateway: Gateway,
): RequestHandler {
  return (req, res, next) => {
    const requested = req.get('access-control-request-method')?.toLowerCase();
    const route = routes.find((candidate) => candidate.method === requested);
    const chain = route && gateway.chain(apiId, route.operationId);
    if (!chain || !req.get('origin')) return next();
    const exchange = newExchange(chain, req, res, localsOf(res).log);
    for (const { policy } of chain.policies) {
      const result = policy.onPreflight?.(exchange);
      if (result) return send(req, res, result, undefined);
    }
    next();
  };
}

function groupByPath(routes: readonly RouteDefinition[]): Map<string, RouteDefinition[]> {
  const groups = new Map<string, RouteDefinition[]>();
  for (const route of routes) {
    groups.set(route.expressPath, [...(groups.get(route.expressPath) ?? []), route]);
  }
  return groups;
}

function toRequest(req: Request) {
  return { params: req.params, query: req.query, headers: req.headers, body: req.body as unknown };
}

interface ContextSources {
  store: Store;
  basePath: string;
  platform: PlatformGateway;
  services: RuntimeServices;
}

function contextOf(req: Request, res: Response, sources: ContextSources): ApiContext {
  const { correlationId, log } = localsOf(res);
  return {
    store: sources.store,
    log,
    correlationId,
    baseUrl: `${req.protocol}://${req.get('host') ?? 'localhost'}${sources.basePath}`,
    gateway: sources.platform,
    services: sources.services,
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
