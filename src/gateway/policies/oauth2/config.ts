import { PolicyConfigError, type ConfigSchema } from '../../policy.js';

/** The asymmetric JWS algorithms a validator may accept; `none` and HS* are never among them. */
export const ACCEPTED_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;

/** How the `oauth2` policy is configured under `x-junction-policies`. */
export interface OAuth2Config {
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` a token must carry (one of them, when a list). */
  audience: string | string[];
  /** The JWKS of an external issuer; exclusive with `local`. */
  jwksUrl?: string;
  /** Verify with this gateway's own signing keys; exclusive with `jwksUrl`. */
  local?: boolean;
  /** Accepted signing algorithms; ES256, EdDSA and RS256 by default. */
  algorithms?: string[];
  /** Tolerated clock difference for `exp`, `nbf` and `iat`; 30 by default, at most 300. */
  clockSkewSeconds?: number;
}

/** The configuration once checked, with defaults filled in. */
export interface OAuth2Options {
  issuer: string;
  audience: string | string[];
  keySource: { kind: 'remote'; jwksUrl: URL } | { kind: 'local' };
  algorithms: string[];
  clockSkewSeconds: number;
}

const ALGORITHM_EXPECTED =
  `one of ${ACCEPTED_ALGORITHMS.join(', ')}; "none" and HS* are refused because a validator ` +
  'holding only public keys must never accept a shared-secret or unsigned token';

/** The JSON Schema the engine checks an `oauth2` configuration against. */
export const OAUTH2_CONFIG_SCHEMA: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['issuer', 'audience'],
  properties: {
    issuer: { type: 'string', minLength: 1 },
    audience: {
      anyOf: [
        { type: 'string', minLength: 1 },
        { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      ],
    },
    jwksUrl: { type: 'string', pattern: '^https?://' },
    local: { type: 'boolean' },
    algorithms: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: [...ACCEPTED_ALGORITHMS] },
    },
    clockSkewSeconds: { type: 'integer', minimum: 0, maximum: 300 },
  },
  oneOf: [
    { type: 'object', required: ['jwksUrl'] },
    { type: 'object', required: ['local'], properties: { local: { const: true } } },
  ],
};

/** Checks the configuration (also when no engine validated it) and fills in defaults. */
export function resolveOAuth2Options(config: OAuth2Config): OAuth2Options {
  if (typeof config.issuer !== 'string' || config.issuer === '') {
    throw new PolicyConfigError('issuer', config.issuer, 'the non-empty "iss" of the tokens');
  }
  return {
    issuer: config.issuer,
    audience: resolveAudience(config.audience),
    keySource: resolveKeySource(config),
    algorithms: resolveAlgorithms(config.algorithms),
    clockSkewSeconds: resolveClockSkew(config.clockSkewSeconds),
  };
}

function resolveAudience(audience: unknown): string | string[] {
  if (typeof audience === 'string' && audience !== '') return audience;
  if (Array.isArray(audience) && audience.length > 0 && audience.every(isNonEmptyString)) {
    return audience;
  }
  throw new PolicyConfigError('audience', audience, 'a non-empty string or list of strings');
}

function resolveKeySource(config: OAuth2Config): OAuth2Options['keySource'] {
  const { jwksUrl, local } = config;
  if ((jwksUrl === undefined) === (local !== true)) {
    throw new PolicyConfigError(
      'jwksUrl',
      jwksUrl ?? null,
      "exactly one of jwksUrl (an external issuer) or local: true (this gateway's own keys)",
    );
  }
  if (jwksUrl === undefined) return { kind: 'local' };
  return { kind: 'remote', jwksUrl: resolveJwksUrl(jwksUrl) };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function resolveJwksUrl(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const secure =
    url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (url === undefined || !secure) {
    throw new PolicyConfigError(
      'jwksUrl',
      value,
      'an https:// URL (http:// only for localhost), ' +
        'because keys fetched in clear text can be forged',
    );
  }
  return url;
}

function resolveAlgorithms(algorithms: unknown): string[] {
  if (algorithms === undefined) return ['ES256', 'EdDSA', 'RS256'];
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    throw new PolicyConfigError(
      'algorithms',
      algorithms,
      `a non-empty list of ${ALGORITHM_EXPECTED}`,
    );
  }
  const index = algorithms.findIndex((algorithm) => !isAcceptedAlgorithm(algorithm));
  if (index >= 0) {
    throw new PolicyConfigError(`algorithms[${index}]`, algorithms[index], ALGORITHM_EXPECTED);
  }
  return algorithms.filter(isAcceptedAlgorithm);
}

function resolveClockSkew(seconds: unknown): number {
  if (seconds === undefined) return 30;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > 300) {
    throw new PolicyConfigError('clockSkewSeconds', seconds, 'a whole number from 0 to 300');
  }
  return seconds;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isAcceptedAlgorithm(value: unknown): value is string {
  return (ACCEPTED_ALGORITHMS as readonly unknown[]).includes(value);
}
