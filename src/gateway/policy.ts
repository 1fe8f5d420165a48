import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';

import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';

/** What the gateway answers with when a policy or a handler settles a request. */
export interface GatewayResult {
  status: number;
  contentType?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Where a request landed: one operation of one API version, as the spec declares it. */
export interface OperationScope {
  /** `canonical-v1` */
  apiId: string;
  /** `canonical` */
  api: string;
  /** `v1` */
  version: string;
  operationId: string;
  /** Lower-case HTTP method. */
  method: string;
  /** The path template of the spec, `/organizations/{organizationId}`. */
  path: string;
  /** The operation's security requirements: any one entry satisfied, every scheme in it. */
  security: readonly Readonly<Record<string, readonly string[]>>[];
  /** The spec's security schemes by name. */
  securitySchemes: Readonly<Record<string, SecurityScheme>>;
  /** Limits derived from the request body schema by the pipeline; absent when it sets none. */
  bodyLimits?: Partial<BodyLimits>;
  /** The bundled OpenAPI document and the operation object in it. */
  document: Readonly<Record<string, unknown>>;
  operation: Readonly<Record<string, unknown>>;
}

/** The parts of an OpenAPI security scheme the gateway reads. */
export interface SecurityScheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
  flows?: Record<string, { tokenUrl?: string; scopes?: Record<string, string> }>;
}

/** Structural limits on a request body, enforced while it is read. */
export interface BodyLimits {
  maxBytes: number;
  maxDepth: number;
  maxEntries: number;
  maxKeyLength: number;
  maxStringLength: number;
  maxArrayLength: number;
}

/** The caller once a policy has identified it. */
export interface Caller {
  clientId: string;
  /** The plan of the client's subscription to this API version, when it has one. */
  planId?: string;
  /** Scopes granted to the caller's token; absent for credentials without scopes. */
  scopes?: readonly string[];
}

/** One request as it passes through the policies of its operation. */
export interface Exchange {
  readonly req: Request;
  readonly res: Response;
  readonly scope: OperationScope;
  readonly log: Logger;
  /** The client address after trusted-proxy resolution; the socket peer until a policy sets it. */
  clientAddress: string;
  /** Set by the policy that authenticates the caller. */
  caller?: Caller;
}

/**
 * One configured policy. Request phases run in chain order; the first that returns a result
 * answers the request without the handler. Response phases run in reverse order over the
 * handler's result (or the short answer) of every policy whose request phase ran. A policy
 * rejects a request by throwing a `ProblemError`; headers it set on `exchange.res` first (for
 * example `Retry-After`) go out with the problem.
 */
export interface Policy {
  onRequest?(exchange: Exchange): GatewayResult | undefined | Promise<GatewayResult | undefined>;
  onResponse?(exchange: Exchange, result: GatewayResult): GatewayResult | Promise<GatewayResult>;
  /** Answers a CORS preflight for this operation; only the `cors` policy has it. */
  onPreflight?(exchange: Exchange): GatewayResult | undefined;
  close?(): void | Promise<void>;
}

/** Shared services a policy may use when it is created. */
export interface PolicyContext {
  /** The API version the configuration was declared for. */
  apiId: string;
  /**
   * Names the declaration this instance serves, the same in every process: the API (and path or
   * operation) and the level it was declared at. Shared counters are keyed by it.
   */
  declaration?: string;
  log: Logger;
  store: Store;
  /** The process's shared Redis connection when `REDIS_URL` is set; policies never close it. */
  redis?: Redis;
}

/** A JSON Schema (draft 2020-12 subset that ajv understands) for a policy's configuration. */
export type ConfigSchema = Readonly<Record<string, unknown>>;

/**
 * A policy kind: its name, the schema its configuration must satisfy, and a factory. The engine
 * validates the configuration against `configSchema` before it calls `create`, so `create`
 * receives a value of the declared shape. `create` may still refuse a value the schema cannot
 * express by throwing `PolicyConfigError`.
 */
export interface PolicyFactory<Config = unknown> {
  readonly name: string;
  readonly configSchema: ConfigSchema;
  create(config: Config, context: PolicyContext): Policy | Promise<Policy>;
}

/** A configuration value a policy cannot use; the message names API, policy, key and value. */
export class PolicyConfigError extends Error {
  constructor(
    readonly key: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`${key}=${JSON.stringify(value)} is not valid: expected ${expected}`);
    this.name = 'PolicyConfigError';
  }
}
