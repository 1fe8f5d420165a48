import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';

import { ConfigError } from './index.js';
import { POLLERS_SCHEMA, readPollers, type PollerConfig } from './pollers.js';

/** Policy configurations by policy name; `false` switches off a policy declared less specifically. */
export type PolicyDeclarations = Readonly<Record<string, unknown>>;

/** The `gateway` section of `junction.config.yaml`. */
export interface GatewayFileConfig {
  /** Policies for every API version the process serves. */
  policies: PolicyDeclarations;
  /** Policies per API version and per operation of it, by API id (`canonical-v1`). */
  apis: Readonly<
    Record<
      string,
      {
        policies?: PolicyDeclarations;
        operations?: Readonly<Record<string, { policies?: PolicyDeclarations }>>;
      }
    >
  >;
  /** Custom policy modules by policy name, as absolute paths. */
  customPolicies: Readonly<Record<string, string>>;
  /** The token endpoint's settings. */
  oauth2: { issuer?: string; audience?: string; tokenTtlSeconds?: number };
}

/** One source of inbound webhooks: what kind of callout it sends and where its secret is. */
export interface InboundWebhookSourceConfig {
  /** The system that sends it; decides how a callout becomes canonical events. */
  kind: 'billing-system';
  /** The environment variable holding its `whsec_` signing secret. */
  secretEnv: string;
}

/** The `webhooks` section of `junction.config.yaml`. */
export interface WebhooksFileConfig {
  /** Inbound webhook sources by name, served at `POST /webhooks/inbound/<name>`. */
  inbound: Readonly<Record<string, InboundWebhookSourceConfig>>;
}

/** The whole configuration file, as read and validated. */
export interface FileConfig {
  /** The file it came from; undefined when there is none and defaults apply. */
  path: string | undefined;
  gateway: GatewayFileConfig;
  webhooks: WebhooksFileConfig;
  /** Pollers by name (`pollers` in the file). */
  pollers: Readonly<Record<string, PollerConfig>>;
}

const policyMap = { type: 'object', additionalProperties: true } as const;

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    gateway: {
      type: 'object',
      additionalProperties: false,
      properties: {
        policies: policyMap,
        apis: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: {
              policies: policyMap,
              operations: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  additionalProperties: false,
                  properties: { policies: policyMap },
                },
              },
            },
          },
        },
        customPolicies: {
          type: 'object',
          additionalProperties: { type: 'string', minLength: 1 },
        },
        oauth2: {
          type: 'object',
          additionalProperties: false,
          properties: {
            issuer: { type: 'string', minLength: 1 },
            audience: { type: 'string', minLength: 1 },
            tokenTtlSeconds: { type: 'integer', minimum: 30, maximum: 86_400 },
          },
        },
      },
    },
    pollers: POLLERS_SCHEMA,
    webhooks: {
      type: 'object',
      additionalProperties: false,
      properties: {
        inbound: {
          type: 'object',
          propertyNames: { pattern: '^[a-z][a-z0-9-]{0,62}$' },
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'secretEnv'],
            properties: {
              kind: { enum: ['billing-system'] },
              secretEnv: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$' },
            },
          },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: false, strict: false }).compile(SCHEMA);

/**
 * Reads `junction.config.yaml` (or the file `JUNCTION_CONFIG` names) from the project folder.
 * A missing default file means defaults; a missing named file, YAML that does not parse and a
 * value that breaks the schema each throw a `ConfigError` naming the key and value.
 */
export function loadFileConfig(
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): FileConfig {
  const named = env.JUNCTION_CONFIG;
  const path = resolve(projectDir, named ?? 'junction.config.yaml');
  if (!existsSync(path)) {
    if (named !== undefined)
      throw new ConfigError('JUNCTION_CONFIG', named, 'an existing YAML file');
    return { path: undefined, gateway: emptyGateway(), webhooks: { inbound: {} }, pollers: {} };
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8')) ?? {};
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n', 1)[0] : String(err);
    throw new ConfigError(path, 'YAML', `a YAML document (${reason})`);
  }
  if (!validate(raw)) throw fromSchemaError(path, raw, validate.errors?.[0]);
  const gateway = (raw as { gateway?: Partial<GatewayFileConfig> }).gateway ?? {};
  const customPolicies = Object.fromEntries(
    Object.entries(gateway.customPolicies ?? {}).map(([name, file]) => [
      name,
      resolve(dirname(path), file),
    ]),
  );
  return {
    path,
    gateway: {
      policies: gateway.policies ?? {},
      apis: gateway.apis ?? {},
      customPolicies,
      oauth2: gateway.oauth2 ?? {},
    },
    webhooks: {
      inbound: (raw as { webhooks?: Partial<WebhooksFileConfig> }).webhooks?.inbound ?? {},
    },
    pollers: readPollers(path, (raw as { pollers?: Parameters<typeof readPollers>[1] }).pollers),
  };
}

function emptyGateway(): GatewayFileConfig {
  return { policies: {}, apis: {}, customPolicies: {}, oauth2: {} };
}

function fromSchemaError(path: string, raw: unknown, error: ErrorObject | undefined): ConfigError {
  if (error === undefined) return new ConfigError(path, '?', 'a valid configuration');
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  const pointer = error.instancePath + (extra === undefined ? '' : `/${extra}`);
  const key = pointer.split('/').filter(Boolean).join('.') || '(root)';
  const value = extra ?? JSON.stringify(valueAt(raw, error.instancePath)) ?? 'undefined';
  const expected =
    extra === undefined ? (error.message ?? 'a valid value') : 'only the keys the README documents';
  return new ConfigError(`${path}: ${key}`, value, expected);
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}
