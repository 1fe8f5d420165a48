import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Express } from 'express';
import { Redis } from 'ioredis';

import type { FileConfig } from '../config/file.js';
import { loadCustomPolicies } from '../gateway/custom.js';
import { Gateway } from '../gateway/engine.js';
import type { GatewayApi, PlatformPolicySource } from '../gateway/engine.js';
import { adminKey } from '../gateway/policies/admin-key/index.js';
import { cache } from '../gateway/policies/cache/index.js';
import {
  Authenticator,
  argon2Verifier,
} from '../gateway/policies/client-id-enforcement/authenticator.js';
import { createClientIdEnforcement } from '../gateway/policies/client-id-enforcement/index.js';
import { cors } from '../gateway/policies/cors/index.js';
import { ipAccess } from '../gateway/policies/ip-access/index.js';
import {
  createJwksHandler,
  createOAuth2,
  createSigningKeys,
  createTokenEndpoint,
} from '../gateway/policies/oauth2/index.js';
import { createRateLimit } from '../gateway/policies/rate-limit/index.js';
import { spikeControl } from '../gateway/policies/spike-control/index.js';
import { threatProtection } from '../gateway/policies/threat-protection/index.js';
import type { PolicyFactory } from '../gateway/policy.js';
import { PolicyRegistry } from '../gateway/registry.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayConfig } from '../pipeline/gateway.js';
import type { Store } from '../store/index.js';
import { clientDirectory, configRevision, listPolicyConfigs } from '../store/platform/index.js';
import { signingKeysDb } from '../store/signing-keys.js';
import type { MountableApi } from './mount.js';

/** The gateway of a process and the connections it opened. */
export interface AssembledGateway {
  gateway: Gateway;
  registry: PolicyRegistry;
  /** Mounts the token endpoint and the published signing keys. */
  routes(app: Express): void;
  redis: Redis | undefined;
  close(): Promise<void>;
}

/** What the gateway is assembled from. */
export interface GatewaySetup {
  generatedDir: string;
  apis: readonly MountableApi[];
  file: FileConfig;
  store: Store;
  logger: Logger;
  redisUrl: string | undefined;
  bodyLimitBytes: number;
}

/** The token issuer and audience when `junction.config.yaml` names none. */
export const DEFAULT_ISSUER = 'urn:junction:gateway';
export const DEFAULT_AUDIENCE = 'urn:junction:apis';

/**
 * Builds the policy registry (built-ins and the configured custom modules), connects to Redis
 * when configured, and creates the gateway over every served API's stage-9 configuration.
 */
export async function assembleGateway(setup: GatewaySetup): Promise<AssembledGateway> {
  const { store } = setup;
  const directory = clientDirectory(store);
  const builtIns = [
    cors,
    ipAccess,
    adminKey,
    createClientIdEnforcement(directory),
    createOAuth2(directory),
    createRateLimit(async (planId) => (await directory.plan(planId))?.rateLimits),
    spikeControl,
    cache,
    threatProtection,
  ] as PolicyFactory[];
  const registry = new PolicyRegistry([
    ...builtIns,
    ...(await loadCustomPolicies(setup.file.gateway.customPolicies)),
  ]);
  const redis = setup.redisUrl ? connectRedis(setup.redisUrl, setup.logger) : undefined;
  const apis: GatewayApi[] = setup.apis.map((api) => ({
    config: JSON.parse(
      readFileSync(join(setup.generatedDir, api.id, 'gateway.json'), 'utf8'),
    ) as GatewayConfig,
    document: api.document,
  }));
  const log = setup.logger.child({ component: 'gateway' });
  try {
    const gateway = await Gateway.create({
      registry,
      file: setup.file.gateway,
      context: { log, store: setup.store, ...(redis ? { redis } : {}) },
      apis,
      // Body limits apply everywhere; JUNCTION_BODY_LIMIT sets the size unless an operation
      // declares its own threat-protection configuration.
      implicit: { 'threat-protection': { maxBytes: setup.bodyLimitBytes } },
      platform: platformPolicies(store),
    });
    gateway.follow();
    const settings = setup.file.gateway.oauth2;
    const keys = createSigningKeys({
      db: signingKeysDb(store),
      tokenTtlSeconds: settings.tokenTtlSeconds ?? 300,
      log,
    });
    const authenticator = new Authenticator(directory, {
      clock: Date.now,
      cacheTtlMs: 60_000,
      rejectionTtlMs: 10_000,
      cacheMax: 10_000,
      verifier: argon2Verifier,
    });
    const tokenEndpoint = createTokenEndpoint({
      keys,
      issuer: settings.issuer ?? DEFAULT_ISSUER,
      audience: settings.audience ?? DEFAULT_AUDIENCE,
      log,
      async authenticateClient(clientId, secret) {
        const outcome = await authenticator.authenticate(clientId, secret);
        const client = outcome.ok ? await directory.client(clientId) : undefined;
        return client && { clientId, scopes: client.allowedScopes };
      },
    });
    return {
      gateway,
      registry,
      routes(app) {
        app.all('/oauth2/token', tokenEndpoint);
        app.get('/.well-known/jwks.json', createJwksHandler({ keys }));
      },
      redis,
      async close() {
        await gateway.close();
        redis?.disconnect();
      },
    };
  } catch (err) {
    redis?.disconnect();
    throw err;
  }
}

/**
 * One Redis connection for every policy. Commands fail fast while it is down instead of
 * queueing, so each policy can apply its own fail-open or fail-closed choice.
 */
function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1_000,
    commandTimeout: 500,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn({ err: err.message }, 'redis unreachable; policies apply their failure setting');
  });
  redis.on('ready', () => {
    if (down) logger.info('redis reachable again');
    down = false;
  });
  return redis;
}

/** The policy configurations stored through the platform API, and their revision. */
function platformPolicies(store: Store): PlatformPolicySource {
  return {
    revision: () => configRevision(store),
    policies: async () =>
      (await listPolicyConfigs(store)).map(({ apiId, operationId, policy, config }) => ({
        apiId,
        policy,
        config,
        ...(operationId === null ? {} : { operationId }),
      })),
  };
}
