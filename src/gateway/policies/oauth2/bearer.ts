import { errors } from 'jose';

/** The outcome of reading `Authorization: Bearer <token>` (RFC 6750 section 2.1). */
export type BearerToken =
  { ok: true; token: string } | { ok: false; missing: boolean; description: string };

const MAX_TOKEN_LENGTH = 16_384;

// RFC 6750 section 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Reads the bearer token; another scheme counts as no token, a bad token as malformed. */
export function readBearerToken(authorization: string | undefined): BearerToken {
  if (authorization === undefined || authorization.trim() === '') {
    return {
      ok: false,
      missing: true,
      description: 'expected an Authorization: Bearer header, got none',
    };
  }
  const [scheme = '', ...rest] = authorization.trim().split(/ +/);
  if (scheme.toLowerCase() !== 'bearer') {
    const shown = scheme.replace(/[^A-Za-z0-9-]/g, '?').slice(0, 20);
    return { ok: false, missing: true, description: `expected the Bearer scheme, got ${shown}` };
  }
  const token = rest.join(' ');
  if (rest.length !== 1 || token.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(token)) {
    return { ok: false, missing: false, description: 'the bearer token is malformed' };
  }
  return { ok: true, token };
}

/** Why a token failed verification, in words fit for `error_description`. */
export interface TokenFailure {
  description: string;
  /** True when the failure is ours (the issuer's keys could not be fetched), not the caller's. */
  internal: boolean;
}

const CLAIM_DESCRIPTIONS: Readonly<Record<string, string>> = {
  iss: 'the token was issued by another issuer',
  aud: 'the token is meant for another audience',
  nbf: 'the token is not valid yet',
  exp: 'the token expiry is missing or not a number',
  iat: 'the token issue time is not acceptable',
};

const CODE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'the token has expired',
  ERR_JOSE_ALG_NOT_ALLOWED: 'the token is signed with an algorithm this API does not accept',
  ERR_JOSE_NOT_SUPPORTED: 'the token is signed with an algorithm this API does not accept',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the token signature does not verify',
  ERR_JWKS_NO_MATCHING_KEY: 'the token is signed by a key the issuer does not publish',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'the token does not name its signing key',
  ERR_JWS_INVALID: 'the token is not a well-formed signed JWT',
  ERR_JWT_INVALID: 'the token is not a well-formed signed JWT',
  ERR_JWK_INVALID: 'the token is signed by a key the issuer does not publish',
};

/** Maps any verification failure to a description; nothing a verifier throws is a 500. */
export function describeTokenFailure(err: unknown): TokenFailure {
  if (err instanceof errors.JWTClaimValidationFailed) {
    const description = CLAIM_DESCRIPTIONS[err.claim] ?? 'a token claim is not acceptable';
    return { description, internal: false };
  }
  if (err instanceof errors.JOSEError) {
    const known = CODE_DESCRIPTIONS[err.code];
    if (known !== undefined) return { description: known, internal: false };
  }
  return { description: 'the signing keys of the issuer could not be fetched', internal: true };
}

/** `WWW-Authenticate` for RFC 6750 section 3; values are quoted with unsafe characters dropped. */
export function bearerChallenge(
  realm: string,
  params: Readonly<Record<string, string>> = {},
): string {
  const all = { realm, ...params };
  return `Bearer ${Object.entries(all)
    .map(([name, value]) => `${name}="${value.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '')}"`)
    .join(', ')}`;
}
