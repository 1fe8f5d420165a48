// Fixtures of the client-id-enforcement tests: a fake directory, a clock, a fake exchange.
import { setImmediate } from 'node:timers/promises';

import { expect } from 'vitest';

import { createLogger } from '../../../observability/logger.js';
import { ProblemError } from '../../../runtime/errors.js';
import type { Caller, Exchange, Policy, PolicyContext } from '../../policy.js';
import { INVALID_CREDENTIALS, createClientIdEnforcement } from './index.js';
import type {
  ClientDirectory,
  ClientIdConfig,
  ClientIdEnforcementOptions,
  SecretVerifier,
  StoredClient,
  StoredCredential,
  StoredSubscription,
} from './index.js';

/** An in-memory client directory whose records tests change between requests. */
export class FakeDirectory implements ClientDirectory {
  readonly clients = new Map<string, StoredClient>();
  readonly credentialLists = new Map<string, StoredCredential[]>();
  readonly subscriptions = new Map<string, StoredSubscription>();
  failure: Error | undefined;

  /** Adds an active client with the given credentials and subscriptions by API id. */
  add(
    clientId: string,
    credentials: StoredCredential[],
    subscriptions: Record<string, StoredSubscription> = {},
    status = 'active',
  ): void {
    this.clients.set(clientId, { id: clientId, status, allowedScopes: [] });
    this.credentialLists.set(clientId, credentials);
    for (const [apiId, subscription] of Object.entries(subscriptions)) {
      this.subscriptions.set(`${clientId} ${apiId}`, subscription);
    }
  }

  client(clientId: string): Promise<StoredClient | undefined> {
    return this.answer(this.clients.get(clientId));
  }

  credentials(clientId: string): Promise<readonly StoredCredential[]> {
    return this.answer(this.credentialLists.get(clientId) ?? []);
  }

  subscription(clientId: string, apiId: string): Promise<StoredSubscription | undefined> {
    return this.answer(this.subscriptions.get(`${clientId} ${apiId}`));
  }

  private answer<T>(value: T): Promise<T> {
    return this.failure === undefined ? Promise.resolve(value) : Promise.reject(this.failure);
  }
}

/** A verifier whose "hash" of a secret is `fake:<secret>`, counting the verifications it runs. */
export function countingVerifier(inner?: SecretVerifier): {
  verifier: SecretVerifier;
  counts: { verify: number; decoy: number };
} {
  const counts = { verify: 0, decoy: 0 };
  const verifier: SecretVerifier = {
    async verify(storedHash, secret) {
      counts.verify += 1;
      if (inner) return inner.verify(storedHash, secret);
      await setImmediate();
      return storedHash === `fake:${secret}`;
    },
    async decoy(secret) {
      counts.decoy += 1;
      if (inner) return inner.decoy(secret);
      await setImmediate();
      return false;
    },
  };
  return { verifier, counts };
}

/** A clock that stands still until a test moves it. */
export function manualClock(start = Date.parse('2025-06-01T12:00:00Z')): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

// The policy reads no shared service when it is created.
export const context = {
  apiId: 'canonical-v1',
  log: createLogger('silent'),
} as unknown as PolicyContext;

/** What the policy made of one request: the caller it set, or the problem it threw. */
interface Answer {
  status: number;
  code?: string;
  detail?: string;
  caller?: Caller;
  headers: Record<string, string>;
}

/** Runs the policy's request phase over a request with `headers` to `apiId`. */
export async function send(
  policy: Policy,
  headers: Record<string, string>,
  apiId = 'canonical-v1',
): Promise<Answer> {
  const sent: Record<string, string> = {};
  const lowerCased = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
  );
  // Only the parts of the exchange the policy reads: request headers, setHeader, scope, log.
  const exchange = {
    req: { headers: lowerCased },
    res: { setHeader: (name: string, value: string) => (sent[name.toLowerCase()] = value) },
    scope: { apiId },
    log: createLogger('silent'),
    clientAddress: '127.0.0.1',
  } as unknown as Exchange;
  try {
    await policy.onRequest?.(exchange);
    const answer: Answer = { status: 200, headers: sent };
    if (exchange.caller) answer.caller = exchange.caller;
    return answer;
  } catch (err) {
    if (!(err instanceof ProblemError)) throw err;
    return { status: err.status, code: err.code, detail: err.detail, headers: sent };
  }
}

/** An `Authorization: Basic` header for `credentials` (`id:secret`). */
export function basic(credentials: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

export const API = 'canonical-v1';
export const CHALLENGE = { 'www-authenticate': 'Basic realm="canonical-v1"' };
export const APPROVED: Record<string, StoredSubscription> = {
  [API]: { status: 'approved', planId: 'gold' },
};
export const REFUSED: Answer = {
  status: 401,
  code: 'unauthorized',
  detail: INVALID_CREDENTIALS,
  headers: CHALLENGE,
};
export const ACCEPTED: Answer = {
  status: 200,
  caller: { clientId: 'acme', planId: 'gold' },
  headers: {},
};

export function active(id: string, secret: string): StoredCredential {
  return { id, secretHash: `fake:${secret}`, status: 'active' };
}

/** A policy over a directory holding client `acme` (secret `s3cret`, approved, plan gold). */
export async function setup(
  config: ClientIdConfig = {},
  options: Partial<ClientIdEnforcementOptions> = {},
) {
  const directory = new FakeDirectory();
  directory.add('acme', [active('acme-1', 's3cret')], APPROVED);
  const clock = manualClock();
  const { verifier, counts } = countingVerifier();
  const factory = createClientIdEnforcement(directory, { clock: clock.now, verifier, ...options });
  const policy = await factory.create(config, context);
  counts.decoy = 0; // the decoy warm-up of create()
  return { directory, clock, counts, policy, factory };
}

export const headers = (clientId: string, secret: string) => ({
  client_id: clientId,
  client_secret: secret,
});

export async function timed(run: () => Promise<Answer>): Promise<number> {
  const started = performance.now();
  expect(await run()).toStrictEqual(REFUSED);
  return performance.now() - started;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
