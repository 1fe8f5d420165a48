import type { Request, Response } from 'express';

import type { GatewayFileConfig } from '../config/file.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayConfig, GatewayOperation } from '../pipeline/gateway.js';
import { layersFor, resolvePolicies } from './declarations.js';
import type { PlatformPolicy, ResolvedPolicy } from './declarations.js';
import type {
  Exchange,
  GatewayResult,
  OperationScope,
  Policy,
  PolicyContext,
  SecurityScheme,
} from './policy.js';
import { PolicyDeclarationError } from './registry.js';
import type { PolicyRegistry } from './registry.js';

/** One API version as the gateway sees it: its stage-9 configuration and bundled document. */
export interface GatewayApi {
  config: GatewayConfig;
  document: Readonly<Record<string, unknown>>;
}

/** Where the platform API keeps policy configurations, and how to notice they changed. */
export interface PlatformPolicySource {
  /** A number that grows whenever a stored configuration, client or plan changes. */
  revision(): Promise<number>;
  policies(): Promise<PlatformPolicy[]>;
}

/** Everything the gateway is built from. */
export interface GatewayOptions {
  registry: PolicyRegistry;
  file: GatewayFileConfig;
  context: Omit<PolicyContext, 'apiId'>;
  apis: readonly GatewayApi[];
  platform?: PlatformPolicySource;
  /** How often the platform's revision is read; 2 s keeps changes under the 5 s promise. */
  pollIntervalMs?: number;
  /** Policies, with their configuration, on every operation that does not declare its own. */
  implicit?: Readonly<Record<string, unknown>>;
}

/** The policies of one operation, ready to run. */
export interface Chain {
  readonly scope: OperationScope;
  readonly policies: readonly { name: string; policy: Policy }[];
}

interface Instance {
  policy: Policy;
  key: string;
}

/**
 * The policy engine: builds the chain of every operation from the spec, the configuration file
 * and the platform API, runs it, and rebuilds it when the platform's configuration changes.
 * Instances are shared by every operation whose winning declaration is the same (same level and
 * configuration), so a quota declared for a whole API is one quota.
 */
export class Gateway {
  private chains = new Map<string, Chain>();
  private instances = new Map<string, Instance>();
  private revision = -1;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  private constructor(private readonly options: GatewayOptions) {}

  /** Builds every chain; an invalid declaration throws a one-line `PolicyDeclarationError`. */
  static async create(options: GatewayOptions): Promise<Gateway> {
    const gateway = new Gateway(options);
    const platform = options.platform;
    const revision = platform ? await platform.revision() : 0;
    await gateway.rebuild(platform ? await platform.policies() : []);
    gateway.revision = revision;
    return gateway;
  }

  /** The chain of an operation; undefined when the API or operation is not served. */
  chain(apiId: string, operationId: string): Chain | undefined {
    return this.chains.get(chainKey(apiId, operationId));
  }

  /** Starts following the platform's configuration; a change applies within one interval. */
  follow(): void {
    if (!this.options.platform || this.timer) return;
    const interval = this.options.pollIntervalMs ?? 2_000;
    this.timer = setInterval(() => void this.refresh(), interval);
    this.timer.unref();
  }

  /** Re-reads the platform's configuration now if its revision moved. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /**
   * Checks a configuration the platform API is about to store. Returns the one-line reason it
   * cannot be used, or undefined. The policy is created and closed again, so checks that the
   * schema cannot express run too.
   */
  async check(
    apiId: string,
    operationId: string | undefined,
    name: string,
    config: unknown,
  ): Promise<string | undefined> {
    const api = this.options.apis.find((candidate) => candidate.config.apiId === apiId);
    if (!api) return `API '${apiId}' is not served here`;
    if (operationId && !api.config.operations.some((op) => op.operationId === operationId)) {
      return `API '${apiId}' has no operation '${operationId}'`;
    }
    const where = operationId ? `${apiId} ${operationId}` : apiId;
    const invalid = this.options.registry.check(where, name, config);
    if (invalid !== undefined || config === false) return invalid;
    try {
      const policy = await this.options.registry
        .factory(name, where)
        .create(config, { ...this.options.context, apiId });
      await policy.close?.();
      return undefined;
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return new PolicyDeclarationError(where, name, detail).message;
    }
  }

  /** Stops following and closes every policy instance. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.refreshing;
    const instances = [...this.instances.values()];
    this.instances.clear();
    await Promise.allSettled(instances.map(async (instance) => instance.policy.close?.()));
  }

  private async refreshOnce(): Promise<void> {
    const platform = this.options.platform;
    if (!platform) return;
    const log = this.options.context.log;
    try {
      const revision = await platform.revision();
      if (revision === this.revision) return;
      await this.rebuild(await platform.policies());
      this.revision = revision;
      log.info({ revision }, 'gateway configuration reloaded');
    } catch (err) {
      log.error({ err }, 'gateway configuration not reloaded; the previous one stays in force');
    }
  }

  private async rebuild(platform: readonly PlatformPolicy[]): Promise<void> {
    const chains = new Map<string, Chain>();
    const instances = new Map<string, Instance>();
    for (const api of this.options.apis) {
      for (const operation of api.config.operations) {
        const resolved = this.resolve(api, operation, platform);
        const policies = [];
        for (const declaration of resolved) {
          const instance = await this.instance(api.config.apiId, operation, declaration, instances);
          policies.push({ name: declaration.name, policy: instance.policy });
        }
        chains.set(chainKey(api.config.apiId, operation.operationId), {
          scope: scopeOf(api, operation),
          policies,
        });
      }
    }
    const retired = [...this.instances.values()].filter((old) => !instances.has(old.key));
    this.chains = chains;
    this.instances = instances;
    await Promise.allSettled(retired.map(async (instance) => instance.policy.close?.()));
  }

  private resolve(
    api: GatewayApi,
    operation: GatewayOperation,
    platform: readonly PlatformPolicy[],
  ): ResolvedPolicy[] {
    const { apiId } = api.config;
    const layers = layersFor(
      apiId,
      operation.operationId,
      {
        document: api.config.policies,
        path: operation.pathPolicies,
        operation: operation.policies,
        specPath: operation.path,
      },
      this.options.file,
      platform,
    );
    const proxied = api.config.upstream !== undefined || operation.upstream !== undefined;
    layers.unshift({
      origin: 'gateway default',
      reach: 'api',
      policies: proxied ? {} : (this.options.implicit ?? {}),
    });
    return resolvePolicies(layers);
  }

  private async instance(
    apiId: string,
    operation: GatewayOperation,
    declaration: ResolvedPolicy,
    fresh: Map<string, Instance>,
  ): Promise<Instance> {
    const owner = {
      api: apiId,
      path: `${apiId} ${operation.path}`,
      operation: `${apiId} ${operation.operationId}`,
    }[declaration.reach];
    const key = `${owner}|${declaration.origin}|${declaration.name}|${JSON.stringify(declaration.config)}`;
    const existing = fresh.get(key) ?? this.instances.get(key);
    if (existing) {
      fresh.set(key, existing);
      return existing;
    }
    const where = `${apiId} ${operation.operationId} (${declaration.origin})`;
    const { registry, context } = this.options;
    registry.assertValid(where, declaration.name, declaration.config);
    let policy: Policy;
    try {
      policy = await registry.factory(declaration.name, where).create(declaration.config, {
        ...context,
        apiId,
        declaration: `${owner}@${declaration.origin}`,
      });
    } catch (err) {
      if (err instanceof PolicyDeclarationError) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      throw new PolicyDeclarationError(where, declaration.name, detail);
    }
    const instance = { policy, key };
    fresh.set(key, instance);
    return instance;
  }
}

/** The state of one request between the gateway's request and response phases. */
export interface RunState {
  exchange: Exchange;
  /** How many policies' request phases ran. */
  ran: number;
}

/**
 * Runs the request phases in order. Returns the short answer of the policy that settled the
 * request, if one did. Policies whose phases are synchronous cost no promise.
 */
export async function runRequestPhase(
  chain: Chain,
  state: RunState,
): Promise<GatewayResult | undefined> {
  const { policies } = chain;
  for (let index = 0; index < policies.length; index += 1) {
    const { policy } = policies[index]!;
    state.ran = index + 1;
    if (!policy.onRequest) continue;
    const outcome = policy.onRequest(state.exchange);
    const result = isPromise(outcome) ? await outcome : outcome;
    if (result !== undefined) return result;
  }
  return undefined;
}

/** Runs the response phases of the policies that ran, in reverse order. */
export async function runResponsePhase(
  chain: Chain,
  state: RunState,
  result: GatewayResult,
): Promise<GatewayResult> {
  let current = result;
  for (let index = state.ran - 1; index >= 0; index -= 1) {
    const { policy } = chain.policies[index]!;
    if (!policy.onResponse) continue;
    const outcome = policy.onResponse(state.exchange, current);
    current = isPromise(outcome) ? await outcome : outcome;
  }
  return current;
}

/** A new exchange for a request on an operation. */
export function newExchange(chain: Chain, req: Request, res: Response, log: Logger): Exchange {
  return { req, res, scope: chain.scope, log, clientAddress: peerAddress(req) };
}

/** The socket peer, with IPv4-mapped IPv6 written as IPv4. */
export function peerAddress(req: Request): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}

function chainKey(apiId: string, operationId: string): string {
  return `${apiId} ${operationId}`;
}

function scopeOf(api: GatewayApi, operation: GatewayOperation): OperationScope {
  const { apiId } = api.config;
  const split = apiId.lastIndexOf('-');
  const paths = api.document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const scope: OperationScope = {
    apiId,
    api: split > 0 ? apiId.slice(0, split) : apiId,
    version: split > 0 ? apiId.slice(split + 1) : '',
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    security: operation.security,
    securitySchemes: api.config.securitySchemes as Record<string, SecurityScheme>,
    document: api.document,
    operation: paths[operation.path]?.[operation.method] ?? {},
  };
  if (operation.bodyLimits) scope.bodyLimits = operation.bodyLimits;
  return scope;
}
