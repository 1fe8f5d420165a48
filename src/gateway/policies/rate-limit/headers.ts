import type { QuotaDecision, QuotaWindow } from './quota-store.js';

/**
 * The `RateLimit-Policy` field of draft-ietf-httpapi-ratelimit-headers: every window as
 * `"<label>";q=<limit>;w=<seconds>`, in configuration order.
 *
 * @example formatPolicyHeader(windows) // '"1s";q=10;w=1, "1h";q=1000;w=3600'
 */
export function formatPolicyHeader(windows: readonly QuotaWindow[]): string {
  return windows
    .map((window) => `"${window.label}";q=${window.limit};w=${window.windowMs / 1_000}`)
    .join(', ');
}

/**
 * The `RateLimit` field of draft-ietf-httpapi-ratelimit-headers for the reported window:
 * `"<label>";r=<remaining>;t=<seconds until the window is full again>`.
 */
export function formatRateLimitHeader(decision: QuotaDecision): string {
  return `"${decision.window.label}";r=${decision.remaining};t=${decision.resetSeconds}`;
}
