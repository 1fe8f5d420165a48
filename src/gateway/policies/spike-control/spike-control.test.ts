import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createLogger } from '../../../observability/logger.js';
import { ProblemError } from '../../../runtime/errors.js';
import type { Store } from '../../../store/index.js';
import type { Exchange, OperationScope, Policy, PolicyContext } from '../../policy.js';
import { PolicyConfigError } from '../../policy.js';
import { createSpikeControlPolicy, SpikeLimiter, spikeControl } from './index.js';
import type { SpikeAdmission, SpikeControlConfig } from './index.js';

const context: PolicyContext = {
  apiId: 'canonical-v1',
  log: createLogger('silent'),
  // The spike-control policy keeps no records.
  store: {} as Store,
};

function fakeExchange() {
  const written: Record<string, string> = {};
  const exchange: Exchange = {
    // The policy writes response headers and touches nothing else of Express's objects.
    req: {} as Request,
    res: { setHeader: (n: string, v: string) => (written[n] = v) } as unknown as Response,
    scope: {} as OperationScope,
    log: createLogger('silent'),
    clientAddress: '203.0.113.9',
  };
  return { exchange, written };
}

/** Runs a request phase, turning a synchronous throw into a rejection as the engine does. */
function run(policy: Policy, exchange = fakeExchange().exchange): Promise<unknown> {
  return new Promise((resolve) => resolve(policy.onRequest?.(exchange)));
}

/** Fires one request and records when and how it settles. */
function track(events: string[], label: string, outcome: Promise<unknown>): void {
  void outcome.then(
    () => events.push(`${label} admitted at ${Date.now() % 100_000}`),
    (err: unknown) => events.push(`${label} ${err instanceof ProblemError ? err.code : 'error'}`),
  );
}

function limiter(overrides: Partial<ConstructorParameters<typeof SpikeLimiter>[0]> = {}) {
  return new SpikeLimiter({
    requests: 3,
    windowMs: 1_000,
    queueSize: 3,
    maxDelayMs: 5_000,
    maxAttempts: 10,
    ...overrides,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SpikeLimiter', () => {
  it('admits N of a burst of 2N at once and releases the rest in order a window later', async () => {
    const spike = limiter();
    const results = Array.from({ length: 6 }, () => spike.acquire());
    expect(results.slice(0, 3)).toStrictEqual(Array<SpikeAdmission>(3).fill({ admitted: true }));

    const order: number[] = [];
    results.slice(3).forEach((result, i) => void Promise.resolve(result).then(() => order.push(i)));
    await vi.advanceTimersByTimeAsync(999);
    expect(order).toStrictEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toStrictEqual([0, 1, 2]);
    expect(spike.hasTimer).toBe(false);
  });

  it('slides: a slot frees exactly one window after each admission', async () => {
    const spike = limiter({ requests: 2 });
    void spike.acquire();
    await vi.advanceTimersByTimeAsync(400);
    void spike.acquire();
    const third = spike.acquire();
    await vi.advanceTimersByTimeAsync(599);
    expect(spike.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(third).resolves.toStrictEqual({ admitted: true });
    expect(spike.acquire()).toBeInstanceOf(Promise);
  });

  it('refuses at once when the queue is full, with the wait behind the queue', () => {
    const spike = limiter({ queueSize: 2 });
    for (let i = 0; i < 5; i++) void spike.acquire();
    expect(spike.acquire()).toStrictEqual({
      admitted: false,
      reason: 'queue-full',
      retryAfterSeconds: 1,
    });
  });

  it('estimates Retry-After from the backlog when several windows of requests wait', () => {
    const spike = limiter({ requests: 1, queueSize: 3 });
    for (let i = 0; i < 4; i++) void spike.acquire();
    expect(spike.acquire()).toMatchObject({ reason: 'queue-full', retryAfterSeconds: 4 });
  });

  it('refuses a waiter once maxDelayMs passes without a slot', async () => {
    const spike = limiter({ requests: 1, maxDelayMs: 300 });
    void spike.acquire();
    const waiter = spike.acquire();
    await vi.advanceTimersByTimeAsync(299);
    expect(spike.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(waiter).resolves.toStrictEqual({
      admitted: false,
      reason: 'delay-exceeded',
      retryAfterSeconds: 1,
    });
    expect(spike.hasTimer).toBe(false);
  });

  it('refuses a waiter passed over maxAttempts times as slots free up', async () => {
    const spike = limiter({ requests: 1, queueSize: 5, maxAttempts: 2 });
    const results = Array.from({ length: 4 }, () => spike.acquire());
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(Promise.all(results.map(async (result) => result))).resolves.toStrictEqual([
      { admitted: true },
      { admitted: true },
      { admitted: true },
      { admitted: false, reason: 'attempts-exhausted', retryAfterSeconds: 1 },
    ]);
  });

  it('refuses every excess request at once with a queue of 0', () => {
    const spike = limiter({ requests: 1, queueSize: 0 });
    void spike.acquire();
    expect(spike.acquire()).toMatchObject({ admitted: false, reason: 'queue-full' });
  });

  it('keeps later arrivals behind waiters even when a slot is free', async () => {
    const spike = limiter({ requests: 1 });
    void spike.acquire();
    const first = spike.acquire();
    vi.setSystemTime(Date.now() + 1_000);
    const second = spike.acquire();
    await expect(first).resolves.toStrictEqual({ admitted: true });
    expect(second).toBeInstanceOf(Promise);
    expect(spike.waiting).toBe(1);
  });

  it('leaves no timer when nobody waits and clears it on close', async () => {
    const spike = limiter({ requests: 1 });
    void spike.acquire();
    expect(spike.hasTimer).toBe(false);
    const waiter = spike.acquire();
    expect(spike.hasTimer).toBe(true);
    spike.close();
    expect(spike.hasTimer).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    await expect(waiter).resolves.toMatchObject({ admitted: false, reason: 'closed' });
    expect(spike.acquire()).toMatchObject({ admitted: false, reason: 'closed' });
  });
});

describe('spike-control policy', () => {
  const config: SpikeControlConfig = { requests: 2, window: '1s', queueSize: 1, maxDelayMs: 500 };

  it('admits, queues, then refuses with 429 spike-limited and Retry-After', async () => {
    const policy = createSpikeControlPolicy(config, context);
    const events: string[] = [];
    const overflow = fakeExchange();
    for (const label of ['a', 'b', 'c']) track(events, label, run(policy));
    const err = await run(policy, overflow.exchange).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemError);
    expect(err).toMatchObject({
      code: 'spike-limited',
      status: 429,
      detail:
        'The API takes 2 requests per 1s and its queue of 1 waiting requests is full; retry after 1 second.',
    });
    expect(overflow.written).toStrictEqual({ 'Retry-After': '1' });

    await vi.advanceTimersByTimeAsync(500);
    expect(events).toStrictEqual(['a admitted at 0', 'b admitted at 0', 'c spike-limited']);
  });

  it('releases a queued request when a slot frees within maxDelayMs', async () => {
    const policy = createSpikeControlPolicy({ ...config, maxDelayMs: 1_000 }, context);
    const events: string[] = [];
    for (const label of ['a', 'b', 'c']) track(events, label, run(policy));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(events).toStrictEqual(['a admitted at 0', 'b admitted at 0', 'c admitted at 1000']);
  });

  it('answers waiting requests 503 unavailable when closed', async () => {
    const policy = createSpikeControlPolicy(config, context);
    void policy.onRequest?.(fakeExchange().exchange);
    void policy.onRequest?.(fakeExchange().exchange);
    const waiting = run(policy);
    await policy.close?.();
    await expect(waiting).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is the spike-control factory', async () => {
    expect(spikeControl.name).toBe('spike-control');
    const policy = await spikeControl.create({ requests: 1, window: 1 }, context);
    expect(policy.onRequest?.(fakeExchange().exchange)).toBeUndefined();
    const { exchange, written } = fakeExchange();
    expect(() => policy.onRequest?.(exchange)).toThrow(
      'The API takes 1 request per 1s and its queue of 0 waiting requests is full; retry after 1 second.',
    );
    expect(written).toStrictEqual({ 'Retry-After': '1' });
  });

  it.each([
    {
      config: { requests: 5, window: 'soon' },
      message:
        "window=\"soon\" is not valid: expected a duration such as '500ms', '1s', '10s', '1m', " +
        "'1h' or '1d', or a whole number of seconds, between 1ms and 366d",
    },
    {
      config: { requests: 0, window: '1s' },
      message: 'requests=0 is not valid: expected an integer from 1 to 1000000',
    },
    {
      config: { requests: 5, window: '1s', queueSize: -1 },
      message: 'queueSize=-1 is not valid: expected an integer from 0 to 1000000',
    },
    {
      config: { requests: 5, window: '1s', maxDelayMs: 1.5 },
      message: 'maxDelayMs=1.5 is not valid: expected an integer from 0 to 600000',
    },
    {
      config: { requests: 5, window: '1s', maxAttempts: 0 },
      message: 'maxAttempts=0 is not valid: expected an integer from 1 to 1000000',
    },
  ])('refuses $message', ({ config: bad, message }) => {
    const create = () => createSpikeControlPolicy(bad, context);
    expect(create).toThrow(PolicyConfigError);
    expect(create).toThrow(message);
  });

  const validate = new Ajv2020({ allErrors: true }).compile(spikeControl.configSchema);

  it.each([
    { name: 'a full configuration', config: { ...config, maxAttempts: 3 }, want: true },
    { name: 'a window in seconds', config: { requests: 5, window: 2 }, want: true },
    { name: 'no window', config: { requests: 5 }, want: false },
    { name: 'a string of requests', config: { requests: '5', window: '1s' }, want: false },
    { name: 'an unknown property', config: { requests: 5, window: '1s', burst: 2 }, want: false },
  ])('has a schema that judges $name as $want', ({ config: candidate, want }) => {
    expect(validate(candidate)).toBe(want);
  });
});
