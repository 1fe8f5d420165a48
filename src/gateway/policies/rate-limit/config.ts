import { PolicyConfigError } from '../../policy.js';
import type { ConfigSchema } from '../../policy.js';
import { DURATION_EXPECTED, formatDuration, parseDuration } from './duration.js';
import type { QuotaWindow } from './quota-store.js';

/** One window as configured: `{ limit: 10, window: '1s' }`. */
export interface RateLimitWindowConfig {
  limit: number;
  window: string | number;
}

/** The configuration of the `rate-limit` policy, as declared under `x-junction-policies`. */
export interface RateLimitConfig {
  /** Whose quota a request spends: `client` (default), `plan`, `ip` or `header:<name>`. */
  key?: string;
  /** Every window must admit a request; each is a bucket of `limit` refilled over `window`. */
  windows: readonly RateLimitWindowConfig[];
  /** What to do when the counters cannot be reached: admit (`open`, default) or answer 503. */
  onStoreFailure?: 'open' | 'closed';
  /** Windows by plan id, replacing `windows` for callers on that plan. */
  plans?: Readonly<Record<string, readonly RateLimitWindowConfig[]>>;
}

/** Whose quota a request spends, as read from `key`. */
export type QuotaKeyKind =
  { kind: 'client' } | { kind: 'plan' } | { kind: 'ip' } | { kind: 'header'; name: string };

/** The configuration checked and turned into the shapes the policy uses per request. */
export interface ResolvedRateLimit {
  key: QuotaKeyKind;
  windows: readonly QuotaWindow[];
  plans: ReadonlyMap<string, readonly QuotaWindow[]>;
  failOpen: boolean;
}

const MAX_LIMIT = 1_000_000_000;
const KEY_PATTERN = "^(client|plan|ip|header:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$";
const KEY_EXPECTED = "'client', 'plan', 'ip' or 'header:<name>' with an HTTP header name";

const windowsSchema = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['limit', 'window'],
    properties: {
      limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT },
      window: {
        anyOf: [
          { type: 'string', minLength: 1 },
          { type: 'integer', minimum: 1 },
        ],
      },
    },
  },
} as const;

/** The JSON Schema of `RateLimitConfig`; window strings are parsed by `create`. */
export const rateLimitConfigSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['windows'],
  properties: {
    key: { type: 'string', pattern: KEY_PATTERN },
    windows: windowsSchema,
    onStoreFailure: { enum: ['open', 'closed'] },
    plans: { type: 'object', additionalProperties: windowsSchema },
  },
};

/** Checks a configuration the schema admitted and resolves it; throws `PolicyConfigError`. */
export function resolveRateLimitConfig(config: RateLimitConfig): ResolvedRateLimit {
  const plans = new Map<string, readonly QuotaWindow[]>();
  for (const [planId, windows] of Object.entries(config.plans ?? {})) {
    plans.set(planId, resolveWindows(`plans.${planId}`, windows));
  }
  return {
    key: resolveKey(config.key ?? 'client'),
    windows: resolveWindows('windows', config.windows),
    plans,
    failOpen: (config.onStoreFailure ?? 'open') === 'open',
  };
}

function resolveKey(key: string): QuotaKeyKind {
  if (!new RegExp(KEY_PATTERN).test(key)) throw new PolicyConfigError('key', key, KEY_EXPECTED);
  if (key.startsWith('header:')) return { kind: 'header', name: key.slice(7).toLowerCase() };
  // The pattern admits only these three kinds besides `header:`.
  return { kind: key as 'client' | 'plan' | 'ip' };
}

export function resolveWindows(
  path: string,
  windows: readonly RateLimitWindowConfig[],
): readonly QuotaWindow[] {
  if (windows.length === 0) {
    throw new PolicyConfigError(path, windows, 'at least one { limit, window }');
  }
  const seen = new Set<number>();
  return windows.map(({ limit, window }, i) => {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new PolicyConfigError(
        `${path}[${i}].limit`,
        limit,
        `an integer from 1 to ${MAX_LIMIT}`,
      );
    }
    const windowMs = parseWindow(`${path}[${i}].window`, window);
    if (seen.has(windowMs)) {
      throw new PolicyConfigError(`${path}[${i}].window`, window, 'a duration no other window has');
    }
    seen.add(windowMs);
    return { limit, windowMs, label: formatDuration(windowMs) };
  });
}

function parseWindow(path: string, window: string | number): number {
  const windowMs = parseDuration(window);
  if (windowMs === undefined) throw new PolicyConfigError(path, window, DURATION_EXPECTED);
  // RateLimit-Policy states windows in whole seconds.
  if (windowMs % 1_000 !== 0) {
    throw new PolicyConfigError(path, window, 'a whole number of seconds, such as 1s or 90s');
  }
  return windowMs;
}
