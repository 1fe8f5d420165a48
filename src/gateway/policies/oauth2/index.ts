import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

import { ProblemError } from '../../../runtime/errors.js';
import type { Store } from '../../../store/index.js';
import type {
  Exchange,
  OperationScope,
  Policy,
  PolicyContext,
  PolicyFactory,
} from '../../policy.js';
import type { ClientDirectory } from '../client-id-enforcement/index.js';
import { bearerChallenge, describeTokenFailure, readBearerToken } from './bearer.js';
import {
  OAUTH2_CONFIG_SCHEMA,
  resolveOAuth2Options,
  type OAuth2Config,
  type OAuth2Options,
} from './config.js';
import { createKeyRing, type KeyRing } from './key-ring.js';
import { checkScopes, grantedScopes, requiredScopeSets } from './scopes.js';

export { issueAccessToken } from './access-token.js';
export type { AccessTokenGrant, AccessTokenSettings, IssuedAccessToken } from './access-token.js';
export { ACCEPTED_ALGORITHMS, OAUTH2_CONFIG_SCHEMA } from './config.js';
export type { OAuth2Config } from './config.js';
export { createJwksHandler, type JwksHandlerOptions } from './jwks-handler.js';
export { createKeyRing, type KeyRing, type KeyRingOptions, type PublishedKey } from './key-ring.js';
import { signingKeysDb } from '../../../store/signing-keys.js';

export {
  createSigningKeys,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
  type SigningKey,
  type SigningKeys,
  type SigningKeysOptions,
} from './signing-keys.js';
export {
  createTokenEndpoint,
  type AuthenticatedClient,
  type ClientAuthenticator,
  type TokenEndpointOptions,
} from './token-endpoint.js';

/** What tests and the engine may substitute: the clock and where the keys come from. */
export interface OAuth2Dependencies {
  clock?: () => Date;
  /**
   * Where the plan of a caller holding one of this gateway's own tokens is found: its approved
   * subscription to the API. Without it, a caller keeps only a plan an earlier policy set.
   */
  subscriptions?: Pick<ClientDirectory, 'subscription'>;
  /** The key ring for `local: true`; one per store by default. */
  keyRing?: KeyRing;
}

// A JWKS URL or a store is shared by many operations; one cache each keeps fetches and queries
// down to one per process.
const remoteKeySets = new Map<string, JWTVerifyGetKey>();
const localKeyRings = new WeakMap<Store['db'], KeyRing>();

function remoteKeySet(url: URL): JWTVerifyGetKey {
  let keySet = remoteKeySets.get(url.href);
  if (keySet === undefined) {
    keySet = createRemoteJWKSet(url, { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    remoteKeySets.set(url.href, keySet);
  }
  return keySet;
}

function localKeyRing(store: Store): KeyRing {
  let ring = localKeyRings.get(store.db);
  if (ring === undefined) {
    ring = createKeyRing({ db: signingKeysDb(store) });
    localKeyRings.set(store.db, ring);
  }
  return ring;
}

/**
 * The `oauth2` policy: admits a request that carries a valid JWT access token (RFC 6750, RFC
 * 9068) from the configured issuer and audience, whose scopes satisfy one of the operation's
 * `oauth2`/`openIdConnect` security requirements, and records the caller. Any token problem is
 * a 401 `unauthorized`, missing scopes a 403 `insufficient-scope`, both with `WWW-Authenticate`.
 *
 * @example
 * // x-junction-policies:
 * //   oauth2:
 * //     issuer: https://id.example.com
 * //     audience: billing-api
 * //     jwksUrl: https://id.example.com/.well-known/jwks.json
 */
export const oauth2: PolicyFactory<OAuth2Config> = {
  name: 'oauth2',
  configSchema: OAUTH2_CONFIG_SCHEMA,
  create: (config, context) => createOAuth2Policy(config, context),
};

/**
 * The `oauth2` policy whose callers with this gateway's own tokens get the plan of their approved
 * subscription to the API, so a plan's rate limits reach token callers as they reach callers
 * that present client credentials.
 */
export function createOAuth2(
  subscriptions: Pick<ClientDirectory, 'subscription'>,
): PolicyFactory<OAuth2Config> {
  return {
    ...oauth2,
    create: (config, context) => createOAuth2Policy(config, context, { subscriptions }),
  };
}

/** Creates the `oauth2` policy with substitutable dependencies; throws `PolicyConfigError`. */
export function createOAuth2Policy(
  config: OAuth2Config,
  context: PolicyContext,
  dependencies: OAuth2Dependencies = {},
): Policy {
  const options = resolveOAuth2Options(config);
  const keys = resolveKeys(options, context, dependencies);
  const clock = dependencies.clock ?? keys.clock ?? (() => new Date());
  const log = context.log.child({ policy: 'oauth2' });
  const realm = context.apiId;
  const scopeSets = new WeakMap<OperationScope, string[][]>();

  async function verify(token: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, keys.getKey, verifyOptions(options, clock()));
    return payload;
  }

  function requiredSets(scope: OperationScope): string[][] {
    let sets = scopeSets.get(scope);
    if (sets === undefined) {
      sets = requiredScopeSets(scope);
      scopeSets.set(scope, sets);
    }
    return sets;
  }

  // An external issuer's client ids are not ours, so only our own tokens have a subscription.
  const subscriptions = options.keySource.kind === 'local' ? dependencies.subscriptions : undefined;

  async function subscribedPlan(exchange: Exchange, clientId: string) {
    if (subscriptions === undefined) return undefined;
    const subscription = await subscriptions
      .subscription(clientId, exchange.scope.apiId)
      .catch((err: unknown) => {
        exchange.log.error({ err }, 'client directory read failed');
        throw new ProblemError(
          'unavailable',
          'The client directory could not be read: retry the request later.',
          [],
          { cause: err },
        );
      });
    return subscription?.status === 'approved' ? subscription.planId : undefined;
  }

  return {
    async onRequest(exchange) {
      const bearer = readBearerToken(exchange.req.headers.authorization);
      if (!bearer.ok && bearer.missing) {
        exchange.res.setHeader('WWW-Authenticate', bearerChallenge(realm));
        throw new ProblemError('unauthorized', bearer.description);
      }
      if (!bearer.ok) throw invalidToken(exchange, realm, bearer.description);

      const claims = await verify(bearer.token).catch((err: unknown) => {
        const failure = describeTokenFailure(err);
        if (failure.internal) log.error({ err }, 'issuer signing keys could not be fetched');
        else log.info({ reason: failure.description }, 'bearer token refused');
        throw invalidToken(exchange, realm, failure.description, err);
      });
      const clientId = clientIdOf(claims);
      if (clientId === undefined) throw invalidToken(exchange, realm, 'the token names no client');

      const scopes = grantedScopes(claims);
      const decision = checkScopes(requiredSets(exchange.scope), scopes);
      if (!decision.ok) throw insufficientScope(exchange, realm, scopes, decision.needed);

      const planId = exchange.caller?.planId ?? (await subscribedPlan(exchange, clientId));
      exchange.caller = { clientId, scopes, ...(planId === undefined ? {} : { planId }) };
      return undefined;
    },
  };
}

function resolveKeys(
  options: OAuth2Options,
  context: PolicyContext,
  dependencies: OAuth2Dependencies,
): { getKey: JWTVerifyGetKey; clock?: () => Date } {
  const source = options.keySource;
  if (source.kind === 'remote') return { getKey: remoteKeySet(source.jwksUrl) };
  const ring = dependencies.keyRing ?? localKeyRing(context.store);
  return { getKey: (header) => ring.resolveKey(header), clock: ring.clock };
}

function verifyOptions(options: OAuth2Options, now: Date) {
  return {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: options.algorithms,
    clockTolerance: options.clockSkewSeconds,
    currentDate: now,
    requiredClaims: ['exp'],
  };
}

function clientIdOf(claims: JWTPayload): string | undefined {
  const { client_id: clientId, sub } = claims;
  if (typeof clientId === 'string' && clientId !== '') return clientId;
  return typeof sub === 'string' && sub !== '' ? sub : undefined;
}

function invalidToken(
  exchange: Exchange,
  realm: string,
  description: string,
  cause?: unknown,
): ProblemError {
  const challenge = bearerChallenge(realm, {
    error: 'invalid_token',
    error_description: description,
  });
  exchange.res.setHeader('WWW-Authenticate', challenge);
  return new ProblemError('unauthorized', `${description}; obtain a new access token`, [], {
    cause,
  });
}

function insufficientScope(
  exchange: Exchange,
  realm: string,
  granted: readonly string[],
  needed: readonly string[],
): ProblemError {
  const challenge = bearerChallenge(realm, {
    error: 'insufficient_scope',
    error_description: 'the token lacks a scope this operation requires',
    scope: needed.join(' '),
  });
  exchange.res.setHeader('WWW-Authenticate', challenge);
  const have = granted.length === 0 ? 'none' : `"${granted.join(' ')}"`;
  return new ProblemError(
    'insufficient-scope',
    `expected a token with the scopes "${needed.join(' ')}", got ${have}`,
  );
}
