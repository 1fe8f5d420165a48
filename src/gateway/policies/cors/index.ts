import { ProblemError } from '../../../runtime/errors.js';
import {
  PolicyConfigError,
  type ConfigSchema,
  type Exchange,
  type GatewayResult,
  type Policy,
  type PolicyFactory,
} from '../../policy.js';
import { compileOrigins, type OriginList } from './origin-list.js';
import { appendVary } from './vary.js';

export { compileOrigins, type OriginList, type OriginProblem } from './origin-list.js';
export { appendVary } from './vary.js';

/** How the `cors` policy is configured under `x-junction-policies`. */
export interface CorsConfig {
  /** Exact origins, `https://*.example.com` one-label wildcards, `regex:<source>`, or `*`. */
  origins: string[];
  /** Let the browser send cookies and HTTP auth; refused together with `*`. */
  credentials?: boolean;
  /** Methods a preflight may ask for; GET, HEAD, POST, PUT, PATCH and DELETE by default. */
  methods?: string[];
  /** Request headers a preflight may ask for; Authorization and Content-Type by default. */
  allowedHeaders?: string[];
  /** Response headers browser code may read beyond the safelisted ones. */
  exposedHeaders?: string[];
  /** How long a browser may cache a preflight answer; 600 by default, at most 86400. */
  maxAgeSeconds?: number;
}

const TOKEN = "^[!#$%&'+.^_`|~0-9A-Za-z-]+$";
const tokenList = { type: 'array', items: { type: 'string', pattern: TOKEN } };

/** The JSON Schema the engine checks a `cors` configuration against. */
export const CORS_CONFIG_SCHEMA: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['origins'],
  properties: {
    origins: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    credentials: { type: 'boolean' },
    methods: { ...tokenList, minItems: 1 },
    allowedHeaders: tokenList,
    exposedHeaders: tokenList,
    maxAgeSeconds: { type: 'integer', minimum: 0, maximum: 86_400 },
  },
};

const PREFLIGHT_VARY = [
  'Origin',
  'Access-Control-Request-Method',
  'Access-Control-Request-Headers',
];

interface CorsOptions {
  origins: OriginList;
  credentials: boolean;
  methods: Set<string>;
  allowedHeaders: Set<string>;
  exposedHeaders: string[];
  preflightHeaders: Record<string, string>;
}

/**
 * The `cors` policy (Fetch standard, CORS protocol): answers preflights for allowed origins with
 * 204 and the allowed methods and headers, and adds `Access-Control-Allow-Origin` to actual
 * requests from allowed origins. A preflight from another origin, or for a method not allowed,
 * is refused with 403 `origin-not-allowed` and no CORS headers; an actual request from another
 * origin passes without CORS headers, so the browser withholds the response. `Vary: Origin` is
 * always added.
 *
 * @example
 * // x-junction-policies:
 * //   cors: { origins: ['https://app.example.com', 'https://*.example.com'], credentials: true }
 */
export const cors: PolicyFactory<CorsConfig> = {
  name: 'cors',
  configSchema: CORS_CONFIG_SCHEMA,
  create: (config) => createCorsPolicy(config),
};

/** Creates the `cors` policy; an unusable configuration throws `PolicyConfigError`. */
export function createCorsPolicy(config: CorsConfig): Policy {
  const options = resolveCorsOptions(config);
  return {
    onPreflight: (exchange) => answerPreflight(options, exchange),
    onRequest(exchange) {
      const { res } = exchange;
      appendVary(res, ['Origin']);
      const origin = exchange.req.headers.origin;
      if (origin === undefined || !options.origins.allows(origin)) return undefined;
      res.setHeader('Access-Control-Allow-Origin', options.origins.any ? '*' : origin);
      if (options.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
      if (options.exposedHeaders.length > 0) {
        res.setHeader('Access-Control-Expose-Headers', options.exposedHeaders.join(', '));
      }
      return undefined;
    },
  };
}

function answerPreflight(options: CorsOptions, exchange: Exchange): GatewayResult | undefined {
  const { req, res } = exchange;
  const origin = req.headers.origin;
  const method = req.headers['access-control-request-method'];
  if (req.method !== 'OPTIONS' || origin === undefined || typeof method !== 'string') {
    return undefined;
  }
  appendVary(res, PREFLIGHT_VARY);
  if (!options.origins.allows(origin)) {
    throw new ProblemError(
      'origin-not-allowed',
      `expected an origin this API allows, got ${JSON.stringify(origin)}`,
    );
  }
  if (!options.methods.has(method)) {
    throw new ProblemError(
      'origin-not-allowed',
      `expected Access-Control-Request-Method to be one of ${[...options.methods].join(', ')}, ` +
        `got ${JSON.stringify(method)}`,
    );
  }

  const headers: Record<string, string> = {
    ...options.preflightHeaders,
    'Access-Control-Allow-Origin': options.origins.any ? '*' : origin,
    Vary: String(res.getHeader('Vary')),
  };
  const requested = allowedRequestHeaders(options, req.headers['access-control-request-headers']);
  if (requested.length > 0) headers['Access-Control-Allow-Headers'] = requested.join(', ');
  return { status: 204, headers };
}

function allowedRequestHeaders(options: CorsOptions, requested: string | undefined): string[] {
  return (requested ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => options.allowedHeaders.has(name));
}

function resolveCorsOptions(config: CorsConfig): CorsOptions {
  const { origins } = config;
  if (!Array.isArray(origins) || origins.length === 0 || !origins.every(isString)) {
    throw new PolicyConfigError('origins', origins, 'a non-empty list of origins or patterns');
  }
  const compiled = compileOrigins(config.origins);
  if (!compiled.ok) {
    const { key, value, expected } = compiled.problem;
    throw new PolicyConfigError(key, value, expected);
  }
  const credentials = config.credentials ?? false;
  if (credentials && compiled.list.any) {
    throw new PolicyConfigError(
      'origins',
      config.origins,
      'listed origins when credentials is true, because browsers refuse "*" with credentials ' +
        "and reflecting every origin would let any site act with the user's cookies",
    );
  }
  const methods = tokens(
    'methods',
    config.methods ?? ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  );
  if (methods.length === 0) {
    throw new PolicyConfigError('methods', methods, 'at least one method, such as GET');
  }
  const maxAge = config.maxAgeSeconds ?? 600;
  checkMaxAge(maxAge);
  const preflightHeaders: Record<string, string> = {
    'Access-Control-Allow-Methods': methods.map((method) => method.toUpperCase()).join(', '),
    'Access-Control-Max-Age': String(maxAge),
  };
  if (credentials) preflightHeaders['Access-Control-Allow-Credentials'] = 'true';
  return {
    origins: compiled.list,
    credentials,
    methods: new Set(methods.map((method) => method.toUpperCase())),
    allowedHeaders: new Set(
      tokens('allowedHeaders', config.allowedHeaders ?? ['Authorization', 'Content-Type']).map(
        (name) => name.toLowerCase(),
      ),
    ),
    exposedHeaders: tokens('exposedHeaders', config.exposedHeaders ?? []),
    preflightHeaders,
  };
}

const TOKEN_PATTERN = new RegExp(TOKEN);

function tokens(key: string, values: readonly string[]): string[] {
  values.forEach((value, index) => {
    if (typeof value !== 'string' || !TOKEN_PATTERN.test(value)) {
      throw new PolicyConfigError(
        `${key}[${index}]`,
        value,
        'an HTTP token such as X-Request-Id ("*" is not a wildcard here)',
      );
    }
  });
  return [...values];
}

function checkMaxAge(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > 86_400) {
    throw new PolicyConfigError('maxAgeSeconds', seconds, 'a whole number from 0 to 86400');
  }
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
