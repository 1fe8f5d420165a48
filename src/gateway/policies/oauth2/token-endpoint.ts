import type { Request, RequestHandler, Response } from 'express';

import type { Logger } from '../../../observability/logger.js';
import { issueAccessToken, type AccessTokenSettings } from './access-token.js';
import type { SigningKeys } from './signing-keys.js';
import {
  quote,
  readClientCredentials,
  readForm,
  readRequestedScopes,
  tokenError,
  type Read,
  type TokenError,
} from './token-request.js';

/** A client the credentials store recognised, with the scopes it may be granted. */
export interface AuthenticatedClient {
  clientId: string;
  scopes: readonly string[];
}

/** Checks a client id and secret; resolves to undefined when they do not match a client. */
export type ClientAuthenticator = (
  clientId: string,
  secret: string,
) => Promise<AuthenticatedClient | undefined>;

/** What the token endpoint signs with, what it writes into tokens, and who it trusts. */
export interface TokenEndpointOptions extends AccessTokenSettings {
  keys: SigningKeys;
  authenticateClient: ClientAuthenticator;
  log: Logger;
  /** The realm named in `WWW-Authenticate: Basic`; `junction` by default. */
  realm?: string;
  /** The largest form body read; 8192 bytes by default. */
  maxBodyBytes?: number;
}

/** The RFC 6749 section 5.1 answer. */
interface TokenSuccess {
  ok: true;
  body: { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string };
}

/**
 * The OAuth 2.0 token endpoint for the client credentials grant (RFC 6749 section 4.4). It takes
 * `POST` with an `application/x-www-form-urlencoded` body, authenticates the client by HTTP Basic
 * or `client_id` and `client_secret`, grants the requested scopes the client is allowed (all of
 * them when none are requested) and answers a JWT access token or an RFC 6749 error, never cached.
 *
 * @example
 * app.post('/oauth2/token', createTokenEndpoint({
 *   keys, issuer: 'https://api.example.com', audience: 'https://api.example.com',
 *   authenticateClient: (id, secret) => credentials.verify(id, secret), log,
 * }));
 */
export function createTokenEndpoint(options: TokenEndpointOptions): RequestHandler {
  const realm = options.realm ?? 'junction';
  return async (req: Request, res: Response): Promise<void> => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    const outcome = await grantToken(options, req).catch((err: unknown) => {
      options.log.error({ err }, 'token request failed');
      return tokenError('server_error', 'the token could not be issued; try again later');
    });
    if (outcome.ok) {
      res.status(200).json(outcome.body);
      return;
    }
    if (outcome.error === 'invalid_client') {
      res.setHeader('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    }
    if (outcome.status === 405) res.setHeader('Allow', 'POST');
    res
      .status(outcome.status)
      .json({ error: outcome.error, error_description: outcome.description });
  };
}

async function grantToken(
  options: TokenEndpointOptions,
  req: Request,
): Promise<TokenSuccess | TokenError> {
  const request = await readTokenRequest(req, options.maxBodyBytes ?? 8192);
  if (!request.ok) return request;
  const { credentials, requested } = request.value;

  const client = await options.authenticateClient(credentials.clientId, credentials.secret);
  if (client === undefined) {
    options.log.info({ clientId: credentials.clientId }, 'client authentication failed');
    return tokenError('invalid_client', 'the client id or secret is not valid');
  }

  const scopes = grantScopes(requested, client.scopes);
  if (!scopes.ok) return scopes;
  const issued = await issueAccessToken(options.keys, options, {
    clientId: client.clientId,
    scopes: scopes.value,
  });
  options.log.info({ clientId: client.clientId, scopes: scopes.value }, 'access token issued');
  const body = { access_token: issued.token, token_type: 'Bearer' as const };
  return {
    ok: true,
    body: { ...body, expires_in: issued.expiresIn, scope: scopes.value.join(' ') },
  };
}

/** Every check that needs no database, so a malformed request never costs a secret hash. */
async function readTokenRequest(req: Request, maxBodyBytes: number) {
  if (req.method !== 'POST') {
    const error = tokenError('invalid_request', `expected POST, got ${quote(req.method)}`);
    return { ...error, status: 405 };
  }
  const params = await readForm(req, maxBodyBytes);
  if (!params.ok) return params;
  const grantType = params.value.get('grant_type');
  if (grantType === undefined || grantType === '') {
    return tokenError('invalid_request', 'expected grant_type=client_credentials, got none');
  }
  if (grantType !== 'client_credentials') {
    return tokenError(
      'unsupported_grant_type',
      `expected grant_type=client_credentials, got ${quote(grantType)}`,
    );
  }
  const requested = readRequestedScopes(params.value.get('scope'));
  if (!requested.ok) return requested;
  const credentials = readClientCredentials(req.headers.authorization, params.value);
  if (!credentials.ok) return credentials;
  return {
    ok: true as const,
    value: { credentials: credentials.value, requested: requested.value },
  };
}

function grantScopes(
  requested: readonly string[] | undefined,
  allowed: readonly string[],
): Read<string[]> {
  if (requested === undefined) return { ok: true, value: [...allowed] };
  const refused = requested.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    return tokenError(
      'invalid_scope',
      `expected scopes the client may use, got ${refused.map(quote).join(', ')}`,
    );
  }
  return { ok: true, value: [...requested] };
}
