import { ProblemError } from '../../../runtime/errors.js';
import { PolicyConfigError } from '../../policy.js';
import type { ConfigSchema, Exchange, Policy, PolicyFactory } from '../../policy.js';
import { Authenticator, argon2Verifier } from './authenticator.js';
import type { SecretVerifier } from './authenticator.js';
import type { ClientDirectory } from './client-directory.js';
import { readCredentials } from './presented-credentials.js';
import type { CredentialSources } from './presented-credentials.js';

export type { Authentication, RejectionReason, SecretVerifier } from './authenticator.js';
export { argon2Verifier } from './authenticator.js';
export type {
  ClientDirectory,
  StoredClient,
  StoredCredential,
  StoredSubscription,
} from './client-directory.js';
export { isUsable } from './client-directory.js';
export { MAX_CLIENT_ID_LENGTH, MAX_SECRET_LENGTH } from './presented-credentials.js';

/** How the `client-id-enforcement` policy is configured for one API. */
export interface ClientIdConfig {
  /** Header names of the client id and secret; `client_id` and `client_secret` by default. */
  headers?: { clientId?: string; clientSecret?: string };
  /** Whether `Authorization: Basic base64(id:secret)` is accepted too; true by default. */
  basic?: boolean;
}

/** Process-wide settings of the policy kind, shared by every API that configures it. */
export interface ClientIdEnforcementOptions {
  /** Epoch milliseconds; `Date.now` by default. */
  clock?: () => number;
  /** How long a verified secret skips Argon2id; 60 s by default. */
  cacheTtlMs?: number;
  /** How long a refused id and secret pair is refused without Argon2id; 10 s by default. */
  rejectionTtlMs?: number;
  /** Entries in each verification cache; 10,000 by default. */
  cacheMax?: number;
  /** Checks secrets against stored hashes; Argon2id by default. */
  verifier?: SecretVerifier;
}

// RFC 9110 section 5.1: a field name is a token.
const HEADER_NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
} as const;

/** The JSON Schema the engine checks a `client-id-enforcement` configuration against. */
export const CLIENT_ID_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    headers: {
      type: 'object',
      additionalProperties: false,
      properties: { clientId: HEADER_NAME, clientSecret: HEADER_NAME },
    },
    basic: { type: 'boolean' },
  },
} as const satisfies ConfigSchema;

/** The one answer to every refused id and secret, whatever the reason, so none leaks. */
export const INVALID_CREDENTIALS =
  'The client id and secret are not valid: check both, or ask for a new secret if yours was revoked or has expired.';

/**
 * The `client-id-enforcement` policy kind: authenticates the calling client by id and secret
 * (two headers or HTTP Basic), then requires its approved subscription to the API version and
 * sets `exchange.caller` to the client and its plan. Refusals of the credentials all look alike
 * and take alike; `Authenticator` (authenticator.ts) documents the caches and their trade-offs. Verified secrets are
 * cached for the whole process, across the APIs that use the policy.
 *
 * @example
 * const clientIdEnforcement = createClientIdEnforcement(clientDirectory);
 * const policy = await clientIdEnforcement.create({ basic: false }, context);
 * // A caller then sends: client_id: acme, client_secret: <its secret>
 */
export function createClientIdEnforcement(
  directory: ClientDirectory,
  options: ClientIdEnforcementOptions = {},
): PolicyFactory<ClientIdConfig> {
  const authenticator = new Authenticator(directory, {
    clock: options.clock ?? Date.now,
    cacheTtlMs: options.cacheTtlMs ?? 60_000,
    rejectionTtlMs: options.rejectionTtlMs ?? 10_000,
    cacheMax: options.cacheMax ?? 10_000,
    verifier: options.verifier ?? argon2Verifier,
  });
  return {
    name: 'client-id-enforcement',
    configSchema: CLIENT_ID_CONFIG_SCHEMA,
    async create(config): Promise<Policy> {
      const sources = resolveSources(config);
      await authenticator.warmUp();
      return { onRequest: (exchange) => enforce(exchange, sources, authenticator, directory) };
    },
  };
}

function resolveSources(config: ClientIdConfig): CredentialSources {
  const clientIdHeader = (config.headers?.clientId ?? 'client_id').toLowerCase();
  const clientSecretHeader = (config.headers?.clientSecret ?? 'client_secret').toLowerCase();
  const basic = config.basic ?? true;
  if (clientSecretHeader === clientIdHeader) {
    throw new PolicyConfigError(
      'headers.clientSecret',
      config.headers?.clientSecret ?? 'client_secret',
      `a header name other than headers.clientId ("${clientIdHeader}")`,
    );
  }
  for (const [key, name] of [
    ['headers.clientId', clientIdHeader],
    ['headers.clientSecret', clientSecretHeader],
  ] as const) {
    if (basic && name === 'authorization') {
      throw new PolicyConfigError(key, name, 'a header other than Authorization while basic is on');
    }
  }
  return { clientIdHeader, clientSecretHeader, basic };
}

async function enforce(
  exchange: Exchange,
  sources: CredentialSources,
  authenticator: Authenticator,
  directory: ClientDirectory,
): Promise<undefined> {
  const presented = readCredentials(exchange.req.headers, sources);
  if (!presented.ok) throw unauthorized(exchange, presented.detail);

  const { clientId, secret } = presented;
  const outcome = await readDirectory(exchange, () => authenticator.authenticate(clientId, secret));
  if (!outcome.ok) {
    exchange.log.info({ clientId, reason: outcome.reason }, 'client credentials refused');
    throw unauthorized(exchange, INVALID_CREDENTIALS);
  }

  const apiId = exchange.scope.apiId;
  const subscription = await readDirectory(exchange, () => directory.subscription(clientId, apiId));
  if (subscription?.status !== 'approved') {
    throw new ProblemError('forbidden', subscriptionProblem(clientId, apiId, subscription?.status));
  }
  exchange.caller = { clientId, planId: subscription.planId };
  return undefined;
}

/** Sets the RFC 9110 section 11.6.1 challenge every 401 carries and builds the problem. */
function unauthorized(exchange: Exchange, detail: string): ProblemError {
  const realm = exchange.scope.apiId.replace(/["\\]/g, '\\$&');
  exchange.res.setHeader('WWW-Authenticate', `Basic realm="${realm}"`);
  return new ProblemError('unauthorized', detail);
}

function subscriptionProblem(clientId: string, apiId: string, status: string | undefined): string {
  const client = `Client "${clientId}"`;
  if (status === undefined) {
    return `${client} is not subscribed to "${apiId}": subscribe and have the subscription approved.`;
  }
  if (status === 'pending') {
    return `${client}'s subscription to "${apiId}" is pending approval: wait for an API owner to approve it.`;
  }
  return `${client}'s subscription to "${apiId}" is ${status}, not approved: ask an API owner to restore it.`;
}

/** Runs a directory read; a failure becomes 503 `unavailable` with the cause chained. */
async function readDirectory<T>(exchange: Exchange, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    exchange.log.error({ err }, 'client directory read failed');
    throw new ProblemError(
      'unavailable',
      'The client directory could not be read: retry the request later.',
      [],
      { cause: err },
    );
  }
}
