import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Redis } from 'ioredis';

import type { FileConfig } from '../config/file.js';
import { loadCustomPolicies } from '../gateway/custom.js';
import { Gateway } from '../gateway/engine.js';
import type { GatewayApi, PlatformPolicySource } from '../gateway/engine.js';
import { ipAccess } from '../gateway/policies/ip-access/index.js';
import type { PolicyFactory } from '../gateway/policy.js';
import { PolicyRegistry } from '../gateway/registry.js';
import type { Logger } from '../observability/logger.js';
import type { GatewayConfig } from '../pipeline/gateway.js';
import type { Store } from '../store/index.js';
import type { MountableApi } from './mount.js';

/** The gateway of a process and the connections it opened. */
export interface AssembledGateway {
  gateway: Gateway;
  registry: PolicyRegistry;
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
  platform?: PlatformPolicySource;
}

/** Policies that run on every operation unless a declaration switches them off. */
const IMPLICIT = ['threat-protection'];

/**
 * Builds the policy registry (built-ins and the configured custom modules), connects to Redis
 * when configured, and creates the gateway over every served API's stage-9 configuration.
 */
export async function assembleGateway(setup: GatewaySetup): Promise<AssembledGateway> {
  const builtIns: PolicyFactory[] = [ipAccess];
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
      implicit: IMPLICIT.filter((name) => registry.names().includes(name)),
      ...(setup.platform ? { platform: setup.platform } : {}),
    });
    gateway.follow();
    return {
      gateway,
      registry,
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
