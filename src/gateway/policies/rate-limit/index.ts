/**
 * The `rate-limit` policy: per-caller quotas over one or more windows.
 *
 * Each window is a token bucket kept with GCRA: it holds `limit` tokens and refills continuously
 * at `limit` per `window`, so a caller may spend a full bucket at once and then continues at the
 * refill rate (any span of one window admits at most 2 × limit − 1). A request is admitted only
 * when every window of its quota has a token, and then takes one from each in one atomic step; a
 * refused request takes nothing.
 *
 * Counters belong to the API version and a subject chosen by `key`: the authenticated client
 * (default; the client address when no caller is known), the caller's plan (shared by every
 * client on it; else as `client`), the client address, or the value of a request header (else
 * the client address). Callers on a plan listed under `plans` get that plan's windows instead
 * of `windows`.
 *
 * Every response of the operation carries `RateLimit-Policy` and `RateLimit` as in
 * draft-ietf-httpapi-ratelimit-headers; `RateLimit` reports the most restrictive window (the
 * fewest requests left). A refused request gets 429 `rate-limited` with `Retry-After`, the exact
 * wait rounded up to whole seconds. Counters live in Redis when the process has a connection
 * (one Lua script per request on the Redis server's clock), else in this process's memory. When
 * Redis fails or does not answer within 150 ms, `onStoreFailure: open` admits the request without
 * `RateLimit` and logs a warning at most once a minute; `closed` answers 503 `unavailable`.
 */
import { createHash } from 'node:crypto';

import { ProblemError } from '../../../runtime/errors.js';
import type { Logger } from '../../../observability/logger.js';
import type { Exchange, Policy, PolicyContext, PolicyFactory } from '../../policy.js';
import { rateLimitConfigSchema, resolveRateLimitConfig, resolveWindows } from './config.js';
import type { RateLimitConfig, RateLimitWindowConfig, ResolvedRateLimit } from './config.js';
import { formatPolicyHeader, formatRateLimitHeader } from './headers.js';
import { MemoryQuotaStore } from './memory-quota-store.js';
import type { QuotaDecision, QuotaStore, QuotaWindow } from './quota-store.js';
import { RedisQuotaStore } from './redis-quota-store.js';

export type { RateLimitConfig, RateLimitWindowConfig } from './config.js';
export { rateLimitConfigSchema } from './config.js';
export { formatPolicyHeader, formatRateLimitHeader } from './headers.js';
export { MemoryQuotaStore } from './memory-quota-store.js';
export type { MemoryQuotaStoreOptions } from './memory-quota-store.js';
export type { QuotaDecision, QuotaStore, QuotaWindow } from './quota-store.js';
export {
  QuotaStoreUnavailableError,
  REDIS_KEY_PREFIX,
  RedisQuotaStore,
} from './redis-quota-store.js';
export type { RedisQuotaStoreOptions } from './redis-quota-store.js';

/** What tests and embedders may replace: the counter store and the clock of failure logging. */
export interface RateLimitPolicyOptions {
  store?: QuotaStore;
  clock?: () => number;
  /** The windows of a plan stored through the platform API, for callers on a plan. */
  planWindows?: PlanWindows;
}

/** Reads a stored plan's rate limits; undefined when the plan does not exist. */
export type PlanWindows = (planId: string) => Promise<readonly RateLimitWindowConfig[] | undefined>;

const PLAN_CACHE_MS = 2_000;

const FAILURE_LOG_INTERVAL_MS = 60_000;
const MAX_SUBJECT_LENGTH = 128;

/**
 * Creates one `rate-limit` policy from a configuration the schema admitted; throws
 * `PolicyConfigError` for a window it cannot read. The store is Redis when `context.redis` is
 * set, else memory, unless `options.store` is given.
 */
export function createRateLimitPolicy(
  config: RateLimitConfig,
  context: PolicyContext,
  options: RateLimitPolicyOptions = {},
): Policy {
  const resolved = resolveRateLimitConfig(config);
  const store = options.store ?? defaultStore(context);
  const ownsStore = options.store === undefined;
  const policyHeaders = new Map<readonly QuotaWindow[], string>();
  const clock = options.clock ?? Date.now;
  const logFailure = createFailureLog(context.log, resolved.failOpen, clock);
  const plans = new Map<string, { windows: readonly QuotaWindow[] | undefined; until: number }>();

  // A plan's stored limits apply to its callers unless the configuration names the plan itself;
  // they are re-read every two seconds, as the rest of the platform's configuration is.
  async function storedPlan(exchange: Exchange): Promise<readonly QuotaWindow[] | undefined> {
    const planId = exchange.caller?.planId;
    if (planId === undefined || options.planWindows === undefined) return undefined;
    const cached = plans.get(planId);
    if (cached && cached.until > clock()) return cached.windows;
    const stored = await options.planWindows(planId);
    let windows: readonly QuotaWindow[] | undefined;
    try {
      windows = stored && stored.length > 0 ? resolveWindows(`plan ${planId}`, stored) : undefined;
    } catch (err) {
      context.log.warn(
        { err, planId },
        'stored plan limits are not usable; the policy windows apply',
      );
    }
    plans.set(planId, { windows, until: clock() + PLAN_CACHE_MS });
    return windows;
  }

  return {
    async onRequest(exchange) {
      const windows =
        windowsFor(resolved, exchange) ?? (await storedPlan(exchange)) ?? resolved.windows;
      exchange.res.setHeader('RateLimit-Policy', policyHeaderFor(policyHeaders, windows));
      let decision: QuotaDecision;
      try {
        decision = await store.consume(
          `${context.declaration ?? context.apiId}:${subjectOf(resolved, exchange)}`,
          windows,
        );
      } catch (err) {
        logFailure(err);
        if (resolved.failOpen) return undefined;
        throw new ProblemError('unavailable', UNAVAILABLE_DETAIL, [], { cause: err });
      }
      exchange.res.setHeader('RateLimit', formatRateLimitHeader(decision));
      if (decision.allowed) return undefined;
      exchange.res.setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw new ProblemError('rate-limited', refusalDetail(decision));
    },
    close: () => (ownsStore ? store.close?.() : undefined),
  };
}

/**
 * The `rate-limit` policy kind.
 *
 * @example
 * // x-junction-policies:
 * //   rate-limit:
 * //     windows: [{ limit: 10, window: 1s }, { limit: 1000, window: 1h }]
 * const policy = await rateLimit.create({ windows: [{ limit: 10, window: '1s' }] }, context);
 */
export const rateLimit: PolicyFactory<RateLimitConfig> = createRateLimit();

/** The `rate-limit` policy kind, reading stored plans' limits through `planWindows`. */
export function createRateLimit(planWindows?: PlanWindows): PolicyFactory<RateLimitConfig> {
  return {
    name: 'rate-limit',
    configSchema: rateLimitConfigSchema,
    create: (config, context) =>
      createRateLimitPolicy(config, context, planWindows ? { planWindows } : {}),
  };
}

const UNAVAILABLE_DETAIL =
  'The rate-limit counters could not be reached, so the request was refused; retry shortly.';

function defaultStore(context: PolicyContext): QuotaStore {
  return context.redis ? new RedisQuotaStore(context.redis) : new MemoryQuotaStore();
}

function windowsFor(
  resolved: ResolvedRateLimit,
  exchange: Exchange,
): readonly QuotaWindow[] | undefined {
  const planId = exchange.caller?.planId;
  return planId === undefined ? undefined : resolved.plans.get(planId);
}

function policyHeaderFor(
  cache: Map<readonly QuotaWindow[], string>,
  windows: readonly QuotaWindow[],
): string {
  let header = cache.get(windows);
  if (header === undefined) {
    header = formatPolicyHeader(windows);
    cache.set(windows, header);
  }
  return header;
}

/** The name of the quota a request spends, falling back to the client address. */
function subjectOf(resolved: ResolvedRateLimit, exchange: Exchange): string {
  const { key } = resolved;
  const { caller } = exchange;
  if (key.kind === 'plan' && caller?.planId !== undefined) return subject('plan', caller.planId);
  if ((key.kind === 'client' || key.kind === 'plan') && caller) {
    return subject('client', caller.clientId);
  }
  if (key.kind === 'header') {
    const raw = exchange.req.headers[key.name];
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (value) return subject(`header:${key.name}`, value);
  }
  return subject('ip', exchange.clientAddress);
}

function subject(kind: string, value: string): string {
  if (value.length <= MAX_SUBJECT_LENGTH) return `${kind}:${value}`;
  // Long values are hashed so a caller cannot make keys of arbitrary size.
  return `${kind}:sha256:${createHash('sha256').update(value).digest('base64url')}`;
}

function refusalDetail(decision: QuotaDecision): string {
  const { window, retryAfterSeconds } = decision;
  const wait = retryAfterSeconds === 1 ? '1 second' : `${retryAfterSeconds} seconds`;
  const requests = window.limit === 1 ? '1 request' : `${window.limit} requests`;
  return `The quota of ${requests} per ${window.label} is used up; retry after ${wait}.`;
}

/** Logs a store failure at most once a minute, with how many were not logged since. */
function createFailureLog(log: Logger, failOpen: boolean, clock: () => number) {
  let lastMs = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (err: unknown): void => {
    const nowMs = clock();
    if (nowMs - lastMs < FAILURE_LOG_INTERVAL_MS) {
      suppressed += 1;
      return;
    }
    const fields = {
      err,
      policy: 'rate-limit',
      onStoreFailure: failOpen ? 'open' : 'closed',
      suppressed,
    };
    if (failOpen) log.warn(fields, 'rate-limit counters unavailable; admitting requests');
    else log.error(fields, 'rate-limit counters unavailable; refusing requests');
    lastMs = nowMs;
    suppressed = 0;
  };
}
