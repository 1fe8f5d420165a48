import { createHash } from 'node:crypto';

import type { Redis } from 'ioredis';

import { checkWindow, decide, gcraParameters, windowField } from './quota-store.js';
import type { QuotaDecision, QuotaStore, QuotaWindow } from './quota-store.js';

/** The prefix of every key the rate-limit counters use in Redis. */
export const REDIS_KEY_PREFIX = 'junction:rl:';

/**
 * Checks every window of one key and, when all admit, stores each window's next TAT and sets
 * the key to expire once every bucket is full again; a refusal writes nothing. The clock is the
 * Redis server's (`TIME`), so processes with skewed clocks still share one timeline. It returns
 * the verdict, the server time and each window's TAT as read, from which the caller derives the
 * same outcomes with `checkWindow`.
 *
 * KEYS[1]: the key. ARGV: the number of windows, then per window its field, interval and burst
 * in microseconds.
 */
const CONSUME_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local count = tonumber(ARGV[1])
local allowed = 1
local reply = {}
local nextTats = {}
local ttl = 0
for i = 1, count do
  local base = (i - 1) * 3
  local stored = redis.call('HGET', KEYS[1], ARGV[base + 2])
  local tat = tonumber(stored) or now
  if tat < now then tat = now end
  local nextTat = tat + tonumber(ARGV[base + 3])
  if nextTat - now > tonumber(ARGV[base + 4]) then allowed = 0 end
  nextTats[i] = nextTat
  if nextTat - now > ttl then ttl = nextTat - now end
  reply[i + 2] = stored or ''
end
if allowed == 1 then
  for i = 1, count do
    redis.call('HSET', KEYS[1], ARGV[(i - 1) * 3 + 2], string.format('%d', nextTats[i]))
  end
  redis.call('PEXPIRE', KEYS[1], math.ceil(ttl / 1000))
end
reply[1] = allowed
reply[2] = now
return reply
`;

const SCRIPT_SHA = createHash('sha1').update(CONSUME_SCRIPT).digest('hex');

/** Connection states in which a command would only wait in the client's offline queue. */
const DOWN_STATES = new Set(['reconnecting', 'close', 'end']);

/** How long a consume may take and where its keys live. */
export interface RedisQuotaStoreOptions {
  /** Milliseconds before a consume fails as unavailable. Default 150. */
  timeoutMs?: number;
}

/** Redis did not answer a consume: down, too slow, or an error reply. */
export class QuotaStoreUnavailableError extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(`expected the rate-limit counters in Redis to answer, but ${reason}`, options);
    this.name = 'QuotaStoreUnavailableError';
  }
}

/**
 * Buckets in Redis, shared by every process: each consume is one Lua script over one hash
 * (`junction:rl:<key>`, one field per window), so concurrent processes never admit more than the
 * quota. A consume that cannot reach Redis within `timeoutMs`, or while the connection is down,
 * fails with `QuotaStoreUnavailableError` instead of waiting; a command that times out may still
 * run later and take its token.
 */
export class RedisQuotaStore implements QuotaStore {
  readonly #timeoutMs: number;

  constructor(
    private readonly redis: Redis,
    options: RedisQuotaStoreOptions = {},
  ) {
    this.#timeoutMs = options.timeoutMs ?? 150;
  }

  /** Checks and takes one token from every window of `key` atomically in Redis. */
  async consume(key: string, windows: readonly QuotaWindow[]): Promise<QuotaDecision> {
    if (DOWN_STATES.has(this.redis.status)) {
      throw new QuotaStoreUnavailableError(`the connection is ${this.redis.status}`);
    }
    const reply = await this.#withTimeout(this.#run(REDIS_KEY_PREFIX + key, scriptArgs(windows)));
    const { nowUs, tats } = readReply(reply, windows.length);
    const outcomes = windows.map((window, i) => checkWindow(window, tats[i], nowUs));
    return decide(windows, outcomes);
  }

  async #run(key: string, args: (string | number)[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(SCRIPT_SHA, 1, key, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return this.redis.eval(CONSUME_SCRIPT, 1, key, ...args);
    }
  }

  async #withTimeout<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new QuotaStoreUnavailableError(`no answer came within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
    });
    try {
      return await Promise.race([command, timeout]);
    } catch (err) {
      if (err instanceof QuotaStoreUnavailableError) throw err;
      throw new QuotaStoreUnavailableError('the command failed', { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }
}

function scriptArgs(windows: readonly QuotaWindow[]): (string | number)[] {
  const args: (string | number)[] = [windows.length];
  for (const window of windows) {
    const { intervalUs, burstUs } = gcraParameters(window);
    args.push(windowField(window), intervalUs, burstUs);
  }
  return args;
}

function readReply(reply: unknown, count: number): { nowUs: number; tats: (number | undefined)[] } {
  // Array.isArray narrows to any[]; the elements are checked below.
  const [, nowUs, ...stored] = Array.isArray(reply) ? (reply as unknown[]) : [];
  if (typeof nowUs !== 'number' || stored.length !== count) {
    throw new QuotaStoreUnavailableError(`the script answered ${JSON.stringify(reply)}`);
  }
  const tats = stored.map((value) => (value === '' ? undefined : Number(value)));
  return { nowUs, tats };
}
