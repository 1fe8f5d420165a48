/**
 * The counters behind the `rate-limit` policy: one token bucket per caller and window, kept with
 * the generic cell rate algorithm (GCRA). A bucket holds `limit` tokens and refills continuously,
 * one token every `window / limit`; its whole state is one number, the theoretical arrival time
 * (TAT) at which the bucket will be full again. All arithmetic is in whole microseconds, so the
 * in-memory store and the Redis script decide identically.
 */

/** One window of a quota: at most `limit` requests at once, refilled at `limit` per `windowMs`. */
export interface QuotaWindow {
  readonly limit: number;
  readonly windowMs: number;
  /** How headers and messages name the window, `1h`. */
  readonly label: string;
}

/** The outcome of one consume: admitted or not, reported for the most restrictive window. */
export interface QuotaDecision {
  allowed: boolean;
  /** Requests the reported window admits right now after this one. */
  remaining: number;
  /** Whole seconds, rounded up, until the reported window is full again. */
  resetSeconds: number;
  /** Whole seconds, rounded up, at least 1, until a refused request would pass; 0 if admitted. */
  retryAfterSeconds: number;
  /** The window reported: the one that refused (longest wait), else the one with fewest left. */
  window: QuotaWindow;
}

/**
 * Where the buckets live. `consume` admits a request only when every window admits it, and then
 * takes one token from every window in one atomic step; a refused request takes nothing.
 */
export interface QuotaStore {
  consume(key: string, windows: readonly QuotaWindow[]): Promise<QuotaDecision>;
  close?(): void | Promise<void>;
}

/** One window after a check, in microseconds. */
export interface WindowOutcome {
  allowed: boolean;
  remaining: number;
  resetUs: number;
  retryUs: number;
  /** The TAT to store when the request is admitted. */
  nextTatUs: number;
}

/** The token interval and the bucket depth of a window, in whole microseconds. */
export function gcraParameters(window: QuotaWindow): { intervalUs: number; burstUs: number } {
  // Rounding the interval up keeps the burst at exactly `limit` and the rate at most limit/window.
  const intervalUs = Math.ceil((window.windowMs * 1_000) / window.limit);
  return { intervalUs, burstUs: intervalUs * window.limit };
}

/** Checks one window whose stored TAT is `tatUs` (undefined for a full bucket) at `nowUs`. */
export function checkWindow(
  window: QuotaWindow,
  tatUs: number | undefined,
  nowUs: number,
): WindowOutcome {
  const { intervalUs, burstUs } = gcraParameters(window);
  const tat = Math.max(tatUs ?? nowUs, nowUs);
  const nextTatUs = tat + intervalUs;
  if (nextTatUs - nowUs > burstUs) {
    const remaining = Math.floor((burstUs - (tat - nowUs)) / intervalUs);
    return {
      allowed: false,
      remaining,
      resetUs: tat - nowUs,
      retryUs: nextTatUs - nowUs - burstUs,
      nextTatUs,
    };
  }
  const remaining = Math.floor((burstUs - (nextTatUs - nowUs)) / intervalUs);
  return { allowed: true, remaining, resetUs: nextTatUs - nowUs, retryUs: 0, nextTatUs };
}

/** Folds the outcomes of every window into one decision and picks the window to report. */
export function decide(
  windows: readonly QuotaWindow[],
  outcomes: readonly WindowOutcome[],
): QuotaDecision {
  const allowed = outcomes.every((outcome) => outcome.allowed);
  let picked = 0;
  for (let i = 1; i < outcomes.length; i++) {
    if (moreRestrictive(outcomes[i], outcomes[picked], allowed)) picked = i;
  }
  const outcome = outcomes[picked];
  const window = windows[picked];
  if (!outcome || !window) throw new Error('expected at least one quota window, got none');
  return {
    allowed,
    remaining: outcome.remaining,
    resetSeconds: Math.ceil(outcome.resetUs / 1_000_000),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(outcome.retryUs / 1_000_000)),
    window,
  };
}

function moreRestrictive(
  candidate: WindowOutcome | undefined,
  current: WindowOutcome | undefined,
  allowed: boolean,
): boolean {
  if (!candidate || !current) return false;
  if (!allowed) return candidate.retryUs > current.retryUs;
  if (candidate.remaining !== current.remaining) return candidate.remaining < current.remaining;
  return candidate.resetUs > current.resetUs;
}

/** The name under which a window's TAT is stored; a changed limit starts a fresh bucket. */
export function windowField(window: QuotaWindow): string {
  return `${window.limit}/${window.windowMs}`;
}
