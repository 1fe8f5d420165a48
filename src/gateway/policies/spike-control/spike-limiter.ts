/** Why a request was not admitted. */
export type SpikeRefusalReason = 'queue-full' | 'delay-exceeded' | 'attempts-exhausted' | 'closed';

/** The answer to one request: admitted now or after waiting, or refused with a suggested wait. */
export type SpikeAdmission =
  { admitted: true } | { admitted: false; reason: SpikeRefusalReason; retryAfterSeconds: number };

/** The limits of one limiter, all resolved. */
export interface SpikeLimiterOptions {
  /** Requests admitted in any span of `windowMs`. */
  requests: number;
  windowMs: number;
  /** Requests that may wait at once; 0 refuses every excess request at once. */
  queueSize: number;
  /** Longest a request waits for a slot. */
  maxDelayMs: number;
  /** Times a waiting request may be passed over as slots free up before it is refused. */
  maxAttempts: number;
  /** Milliseconds; `Date.now()` unless a test injects a clock. */
  clock?: () => number;
}

interface Waiter {
  resolve: (admission: SpikeAdmission) => void;
  deadline: number;
  attempts: number;
}

const ADMITTED: SpikeAdmission = { admitted: true };

/**
 * A sliding-window limiter with a FIFO queue. It remembers when each of the last `requests`
 * admissions happened; a request is admitted when fewer than `requests` fall within the last
 * `windowMs`. Excess requests wait in arrival order and are admitted as the oldest admissions
 * leave the window. A waiter is refused when the queue is full on arrival, when it has waited
 * `maxDelayMs`, or when it has been passed over `maxAttempts` times (once per moment slots came
 * free while it kept waiting). At most one timer runs, and only while requests wait.
 */
export class SpikeLimiter {
  readonly #options: SpikeLimiterOptions;
  readonly #clock: () => number;
  readonly #admittedAt: number[];
  #oldest = 0;
  #count = 0;
  readonly #queue: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;
  #wakeAt = 0;
  #closed = false;

  constructor(options: SpikeLimiterOptions) {
    this.#options = options;
    this.#clock = options.clock ?? (() => Date.now());
    this.#admittedAt = new Array<number>(options.requests).fill(0);
  }

  /** Admits a request now (a value) or later (a promise), or refuses it. */
  acquire(): SpikeAdmission | Promise<SpikeAdmission> {
    const now = this.#clock();
    if (this.#closed) return this.#refusal('closed', now);
    this.#drain(now);
    if (this.#queue.length === 0 && this.#take(now)) return ADMITTED;
    if (this.#queue.length >= this.#options.queueSize) return this.#refusal('queue-full', now);
    return new Promise((resolve) => {
      this.#queue.push({ resolve, deadline: now + this.#options.maxDelayMs, attempts: 0 });
      this.#schedule(now);
    });
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** True while a release is scheduled; false whenever nobody waits. */
  get hasTimer(): boolean {
    return this.#timer !== undefined;
  }

  /** Refuses every waiting request with `closed`, stops the timer and refuses all later ones. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = this.#clock();
    for (const waiter of this.#queue.splice(0)) waiter.resolve(this.#refusal('closed', now));
  }

  /** Admits waiters while slots are free, then refuses those out of time or attempts. */
  #drain(now: number): void {
    let released = 0;
    while (this.#queue.length > 0 && this.#take(now)) {
      this.#queue.shift()?.resolve(ADMITTED);
      released += 1;
    }
    if (released > 0) for (const waiter of this.#queue) waiter.attempts += 1;

    // Waiters arrived in order, so the first in the queue is the first out of time or attempts.
    for (let head = this.#queue[0]; head && this.#expired(head, now); head = this.#queue[0]) {
      this.#queue.shift();
      const reason = head.deadline <= now ? 'delay-exceeded' : 'attempts-exhausted';
      head.resolve(this.#refusal(reason, now));
    }
    this.#schedule(now);
  }

  #expired(waiter: Waiter, now: number): boolean {
    return waiter.deadline <= now || waiter.attempts >= this.#options.maxAttempts;
  }

  /** Records an admission at `now` when the window has room. */
  #take(now: number): boolean {
    const { requests, windowMs } = this.#options;
    while (this.#count > 0 && (this.#admittedAt[this.#oldest] ?? 0) + windowMs <= now) {
      this.#oldest = (this.#oldest + 1) % requests;
      this.#count -= 1;
    }
    if (this.#count >= requests) return false;
    this.#admittedAt[(this.#oldest + this.#count) % requests] = now;
    this.#count += 1;
    return true;
  }

  /** When the next slot frees: now when the window has room, else when the oldest leaves it. */
  #nextSlotAt(now: number): number {
    if (this.#count < this.#options.requests) return now;
    return (this.#admittedAt[this.#oldest] ?? now) + this.#options.windowMs;
  }

  #schedule(now: number): void {
    const head = this.#queue[0];
    const wakeAt = head ? Math.min(this.#nextSlotAt(now), head.deadline) : undefined;
    if (this.#timer !== undefined && wakeAt === this.#wakeAt) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (wakeAt === undefined) return;
    this.#wakeAt = wakeAt;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        this.#drain(this.#clock());
      },
      Math.max(0, wakeAt - now),
    );
  }

  /** A refusal with an estimate of when a slot frees behind the requests already waiting. */
  #refusal(reason: SpikeRefusalReason, now: number): SpikeAdmission {
    const { requests, windowMs } = this.#options;
    const backlogMs = Math.floor(this.#queue.length / requests) * windowMs;
    const waitMs = Math.max(0, this.#nextSlotAt(now) - now) + backlogMs;
    return { admitted: false, reason, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1_000)) };
  }
}
