import { randomUUID } from 'node:crypto';

import { SignJWT } from 'jose';

import type { SigningKeys } from './signing-keys.js';

/** Who the token is for and what it may do. */
export interface AccessTokenGrant {
  clientId: string;
  scopes: readonly string[];
}

/** The issuer and audience written into every token. */
export interface AccessTokenSettings {
  issuer: string;
  audience: string | readonly string[];
}

/** A signed access token and its lifetime in seconds. */
export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
}

/**
 * Signs a JWT access token (RFC 9068 profile) with the current key: `iss`, `aud`, `sub` and
 * `client_id` (the client), space-separated `scope`, `iat` = `nbf`, `exp` after the keys' token
 * TTL, a random `jti`, and `kid` and `typ: at+jwt` in the header.
 */
export async function issueAccessToken(
  keys: SigningKeys,
  settings: AccessTokenSettings,
  grant: AccessTokenGrant,
): Promise<IssuedAccessToken> {
  const key = await keys.signingKey();
  const issuedAt = Math.floor(keys.clock().getTime() / 1000);
  const audience =
    typeof settings.audience === 'string' ? settings.audience : [...settings.audience];
  const token = await new SignJWT({ client_id: grant.clientId, scope: grant.scopes.join(' ') })
    .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(settings.issuer)
    .setAudience(audience)
    .setSubject(grant.clientId)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + keys.tokenTtlSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
  return { token, expiresIn: keys.tokenTtlSeconds };
}
