import type { Request } from 'express';

import type {
  ConfigSchema,
  Exchange,
  GatewayResult,
  Policy,
  PolicyContext,
  PolicyFactory,
} from '../../policy.js';
import { parseCacheControl } from './cache-control.js';
import { encodeBody, toGatewayResult } from './cache-entry.js';
import type { CachedResponse, EncodedBody } from './cache-entry.js';
import { decideStorage, notModified, responseHeader, resultHeader } from './cache-headers.js';
import { requestKey, variantKey } from './cache-key.js';
import { MemoryCacheStore } from './cache-store.js';
import type { CacheStore } from './cache-store.js';
import { computeEntityTag, ifNoneMatchMatches } from './entity-tag.js';
import { RedisCacheStore } from './redis-cache-store.js';

export type { CacheStore } from './cache-store.js';
export { MemoryCacheStore } from './cache-store.js';
export { REDIS_CACHE_PREFIX, RedisCacheStore } from './redis-cache-store.js';
export { computeEntityTag, ifNoneMatchMatches } from './entity-tag.js';

/** How the `cache` policy is configured. */
export interface CacheConfig {
  /** How long a 200 is served from the cache, in seconds. */
  ttlSeconds: number;
  /** Entries the in-process store keeps; ignored with Redis. Default 1000. */
  maxEntries?: number;
  /** Responses whose serialised body is larger are not stored. Default 262 144 (256 KiB). */
  maxBodyBytes?: number;
  /** Request headers that key the cache besides those the response names in `Vary`. */
  varyHeaders?: readonly string[];
  /** One entry for every caller instead of one per client id. Default false. */
  shareAcrossClients?: boolean;
}

/** The configuration schema of the `cache` policy. */
export const CACHE_CONFIG_SCHEMA: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ttlSeconds'],
  properties: {
    ttlSeconds: { type: 'integer', minimum: 1, maximum: 31_536_000 },
    maxEntries: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    maxBodyBytes: { type: 'integer', minimum: 1, maximum: 16_777_216 },
    varyHeaders: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
    },
    shareAcrossClients: { type: 'boolean' },
  },
};

/** What tests replace: the clock (epoch milliseconds) and the store. */
export interface CachePolicyOptions {
  now?: () => number;
  store?: CacheStore;
}

/** What a request phase left for the response phase of the same exchange. */
interface Pending {
  key: string;
  hit: boolean;
}

/**
 * Creates one cache: it answers GET and HEAD from stored 200s, revalidates `If-None-Match` to
 * 304, and gives every 200 an `ETag` and a `Cache-Control`. It keeps records in Redis when the
 * context has a connection, else in this process.
 */
export function createCachePolicy(
  config: CacheConfig,
  context: PolicyContext,
  options: CachePolicyOptions = {},
): Policy {
  const now = options.now ?? Date.now;
  const log = context.log.child({ policy: 'cache' });
  const shareAcrossClients = config.shareAcrossClients ?? false;
  const limits = {
    ttlSeconds: config.ttlSeconds,
    maxBodyBytes: config.maxBodyBytes ?? 262_144,
    shareAcrossClients,
  };
  const keyOptions = {
    varyHeaders: [...new Set((config.varyHeaders ?? []).map((name) => name.toLowerCase()))],
    shareAcrossClients,
  };
  const cacheControl = `${shareAcrossClients ? '' : 'private, '}max-age=${config.ttlSeconds}`;
  const store: CacheStore =
    options.store ??
    (context.redis
      ? new RedisCacheStore(context.redis, log, { now })
      : new MemoryCacheStore({ maxEntries: config.maxEntries ?? 1000, now }));
  const pending = new WeakMap<Exchange, Pending>();
  const unidentified = new Set<string>();

  /** True when the caller should be known but is not: the cache runs before authentication. */
  function callerMissing(exchange: Exchange): boolean {
    if (shareAcrossClients || exchange.caller !== undefined) return false;
    const { security, operationId } = exchange.scope;
    if (security.length === 0 || security.some((entry) => Object.keys(entry).length === 0)) {
      return false;
    }
    if (!unidentified.has(operationId)) {
      unidentified.add(operationId);
      log.warn({ operationId }, 'cache runs before the caller is identified; not caching');
    }
    return true;
  }

  async function lookup(key: string, req: Request): Promise<CachedResponse | undefined> {
    const record = await store.get(key);
    if (record?.kind !== 'vary') return record;
    const variant = await store.get(variantKey(key, req, record.headers));
    return variant?.kind === 'response' ? variant : undefined;
  }

  function answerFromCache(entry: CachedResponse, req: Request): GatewayResult {
    const age = Math.max(0, Math.floor((now() - entry.storedAt) / 1000));
    const extra = { Age: String(age), 'X-Cache': 'HIT' };
    if (ifNoneMatchMatches(req.get('if-none-match'), entry.etag)) {
      return notModified(entry.headers, extra);
    }
    const result = toGatewayResult(entry);
    return { ...result, headers: { ...result.headers, ...extra } };
  }

  async function save(
    exchange: Exchange,
    key: string,
    result: GatewayResult & { headers: Record<string, string> },
    body: EncodedBody,
    etag: string,
  ): Promise<void> {
    const decision = decideStorage(result, exchange.res, body.bytes.length, limits);
    if (!decision.store) return;
    const ttlMs = decision.ttlSeconds * 1000;
    const entry: CachedResponse = {
      kind: 'response',
      status: result.status,
      headers: { ...result.headers },
      body: body.stored,
      etag,
      storedAt: now(),
    };
    if (result.contentType !== undefined) entry.contentType = result.contentType;
    const vary = decision.vary.filter((name) => !keyOptions.varyHeaders.includes(name));
    if (vary.length === 0) return store.set(key, entry, ttlMs);
    await store.set(key, { kind: 'vary', headers: vary }, ttlMs);
    await store.set(variantKey(key, exchange.req, vary), entry, ttlMs);
  }

  return {
    async onRequest(exchange) {
      const { req } = exchange;
      if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
      const directives = parseCacheControl(req.get('cache-control'));
      if (directives.has('no-store') || callerMissing(exchange)) return undefined;
      const key = requestKey(exchange, keyOptions);
      pending.set(exchange, { key, hit: false });
      if (directives.has('no-cache')) return undefined;

      const entry = await lookup(key, req);
      if (entry === undefined) return undefined;
      pending.set(exchange, { key, hit: true });
      return answerFromCache(entry, req);
    },

    async onResponse(exchange, result) {
      const { req, res } = exchange;
      const state = pending.get(exchange);
      pending.delete(exchange);
      if (state?.hit === true || result.status !== 200) return result;
      if (req.method !== 'GET' && req.method !== 'HEAD') return result;
      // A HEAD result may leave out the body, so neither its tag nor the entry could be trusted.
      if (req.method === 'HEAD' && result.body === undefined) return result;

      const body = encodeBody(result.body);
      const etag = responseHeader(result, res, 'etag') ?? computeEntityTag(body.bytes);
      const headers = { ...result.headers };
      if (resultHeader(headers, 'etag') === undefined) headers['ETag'] = etag;
      if (responseHeader(result, res, 'cache-control') === undefined) {
        headers['Cache-Control'] = cacheControl;
      }
      const fresh = { ...result, headers };
      if (state !== undefined && req.method === 'GET')
        await save(exchange, state.key, fresh, body, etag);

      const extra = { 'X-Cache': 'MISS' };
      if (ifNoneMatchMatches(req.get('if-none-match'), etag)) return notModified(headers, extra);
      return { ...fresh, headers: { ...headers, ...extra } };
    },

    close() {
      return store.close?.();
    },
  };
}

/**
 * The `cache` policy: serves repeated GET and HEAD requests from stored 200 responses, per
 * client unless `shareAcrossClients`, and answers `If-None-Match` with 304. Place it after the
 * policy that identifies the caller.
 *
 * @example
 * x-junction-policies:
 *   cache: { ttlSeconds: 60, varyHeaders: [Accept-Language] }
 */
export const cache: PolicyFactory<CacheConfig> = {
  name: 'cache',
  configSchema: CACHE_CONFIG_SCHEMA,
  create: (config, context) => createCachePolicy(config, context),
};
