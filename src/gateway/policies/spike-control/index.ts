/**
 * The `spike-control` policy: smooths bursts of requests to one API in one process.
 *
 * It admits at most `requests` in any span of `window` (a sliding window over the times of the
 * last admissions, not fixed slots). Excess requests wait in a FIFO queue of `queueSize` and are
 * admitted in arrival order as slots free up. A request is refused with 429 `spike-limited` and
 * `Retry-After` when the queue is full on arrival, when it has waited `maxDelayMs`, or when it has
 * been passed over `maxAttempts` times while slots came free. The counting is per process and
 * per declaration: it protects a backend from bursts, while `rate-limit` enforces quotas.
 */
import { ProblemError } from '../../../runtime/errors.js';
import { PolicyConfigError } from '../../policy.js';
import type { ConfigSchema, Exchange, Policy, PolicyContext, PolicyFactory } from '../../policy.js';
import { DURATION_EXPECTED, formatDuration, parseDuration } from '../rate-limit/duration.js';
import { SpikeLimiter } from './spike-limiter.js';
import type { SpikeAdmission, SpikeLimiterOptions } from './spike-limiter.js';

export { SpikeLimiter } from './spike-limiter.js';
export type { SpikeAdmission, SpikeLimiterOptions, SpikeRefusalReason } from './spike-limiter.js';

/** The configuration of the `spike-control` policy, as declared under `x-junction-policies`. */
export interface SpikeControlConfig {
  /** Requests admitted in any span of `window`. */
  requests: number;
  /** `'1s'`, `'500ms'`, `'1m'`, or whole seconds. */
  window: string | number;
  /** Excess requests that may wait; default 0, refusing every excess request at once. */
  queueSize?: number;
  /** Longest a request waits for a slot, in milliseconds; default 1000. */
  maxDelayMs?: number;
  /** Times a waiting request may be passed over before it is refused; default 1 000 000. */
  maxAttempts?: number;
}

const LIMITS = {
  requests: { minimum: 1, maximum: 1_000_000 },
  queueSize: { minimum: 0, maximum: 1_000_000 },
  maxDelayMs: { minimum: 0, maximum: 600_000 },
  maxAttempts: { minimum: 1, maximum: 1_000_000 },
} as const;

/** The JSON Schema of `SpikeControlConfig`; the window string is parsed by `create`. */
export const spikeControlConfigSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requests', 'window'],
  properties: {
    requests: { type: 'integer', ...LIMITS.requests },
    window: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'integer', minimum: 1 },
      ],
    },
    queueSize: { type: 'integer', ...LIMITS.queueSize },
    maxDelayMs: { type: 'integer', ...LIMITS.maxDelayMs },
    maxAttempts: { type: 'integer', ...LIMITS.maxAttempts },
  },
};

/** What tests may replace: the clock the limiter reads. */
export interface SpikeControlPolicyOptions {
  clock?: () => number;
}

/** Creates one `spike-control` policy; throws `PolicyConfigError` for a value it cannot use. */
export function createSpikeControlPolicy(
  config: SpikeControlConfig,
  _context: PolicyContext,
  options: SpikeControlPolicyOptions = {},
): Policy {
  const limits = resolveSpikeControlConfig(config);
  const limiter = new SpikeLimiter({ ...limits, ...options });
  const settle = (exchange: Exchange, admission: SpikeAdmission) =>
    settleAdmission(exchange, admission, limits);

  return {
    onRequest(exchange) {
      const admission = limiter.acquire();
      if (admission instanceof Promise) return admission.then((value) => settle(exchange, value));
      return settle(exchange, admission);
    },
    close: () => limiter.close(),
  };
}

/**
 * The `spike-control` policy kind; the engine creates one per declaration, so one limiter per
 * API (or operation) it is declared on.
 *
 * @example
 * // x-junction-policies:
 * //   spike-control: { requests: 50, window: 1s, queueSize: 100, maxDelayMs: 500 }
 * const policy = await spikeControl.create({ requests: 50, window: '1s', queueSize: 100 }, ctx);
 */
export const spikeControl: PolicyFactory<SpikeControlConfig> = {
  name: 'spike-control',
  configSchema: spikeControlConfigSchema,
  create: (config, context) => createSpikeControlPolicy(config, context),
};

type ResolvedLimits = Omit<SpikeLimiterOptions, 'clock'>;

/** Checks a configuration and applies the defaults; throws `PolicyConfigError`. */
export function resolveSpikeControlConfig(config: SpikeControlConfig): ResolvedLimits {
  const windowMs = parseDuration(config.window);
  if (windowMs === undefined) {
    throw new PolicyConfigError('window', config.window, DURATION_EXPECTED);
  }
  const limits = {
    requests: config.requests,
    windowMs,
    queueSize: config.queueSize ?? 0,
    maxDelayMs: config.maxDelayMs ?? 1_000,
    maxAttempts: config.maxAttempts ?? LIMITS.maxAttempts.maximum,
  };
  for (const [key, { minimum, maximum }] of Object.entries(LIMITS)) {
    // Object.entries widens the keys of LIMITS to string.
    const value = limits[key as keyof typeof LIMITS];
    if (!Number.isInteger(value) || value < minimum || value > maximum) {
      throw new PolicyConfigError(key, value, `an integer from ${minimum} to ${maximum}`);
    }
  }
  return limits;
}

type SpikeRefusal = Extract<SpikeAdmission, { admitted: false }>;

function settleAdmission(
  exchange: Exchange,
  admission: SpikeAdmission,
  limits: ResolvedLimits,
): undefined {
  if (admission.admitted) return undefined;
  if (admission.reason === 'closed') {
    throw new ProblemError('unavailable', 'The API is shutting down and takes no more requests.');
  }
  exchange.res.setHeader('Retry-After', String(admission.retryAfterSeconds));
  throw new ProblemError('spike-limited', refusalDetail(admission, limits));
}

function refusalDetail(
  { reason, retryAfterSeconds }: SpikeRefusal,
  limits: ResolvedLimits,
): string {
  const requests = limits.requests === 1 ? '1 request' : `${limits.requests} requests`;
  const rate = `The API takes ${requests} per ${formatDuration(limits.windowMs)}`;
  const wait = retryAfterSeconds === 1 ? '1 second' : `${retryAfterSeconds} seconds`;
  const why = {
    'queue-full': `its queue of ${limits.queueSize} waiting requests is full`,
    'delay-exceeded': `no slot came free within ${limits.maxDelayMs} ms`,
    'attempts-exhausted': `no slot came free in ${limits.maxAttempts} attempts`,
    closed: 'it is shutting down',
  }[reason];
  return `${rate} and ${why}; retry after ${wait}.`;
}
