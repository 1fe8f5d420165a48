import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';

import { ConfigError } from './index.js';
import { checkSchedule, POLLERS_SCHEMA, readPollers, type PollerConfig } from './pollers.js';

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

/** How billing's ledger maps onto the ERP's; every id is an ERP internal id (digits). */
export interface ErpLedgerConfig {
  /** The ERP subsidiary the journal entries post to. */
  subsidiaryId: string;
  /** ERP currency ids by ISO 4217 code. */
  currencies: Readonly<Record<string, string>>;
  /** ERP account ids by billing GL account number. */
  accounts: Readonly<Record<string, string>>;
}

/** When F4's reconciliation runs: a croner expression, unless switched off. */
export interface ProvisioningReconciliationConfig {
  schedule: string;
  enabled: boolean;
}

/** The `referenceFlows` section of `junction.config.yaml`. */
export interface ReferenceFlowsFileConfig {
  /** F6 journal transfer; absent when no ledger is configured, which leaves F6 off. */
  journalTransfer?: { ledger: ErpLedgerConfig };
  /** F4's poll for subscriptions whose callout was missed; every 15 minutes by default. */
  provisioningReconciliation: ProvisioningReconciliationConfig;
}

/** The whole configuration file, as read and validated. */
export interface FileConfig {
  /** The file it came from; undefined when there is none and defaults apply. */
  path: string | undefined;
  gateway: GatewayFileConfig;
  webhooks: WebhooksFileConfig;
  /** Pollers by name (`pollers` in the file). */
  pollers: Readonly<Record<string, PollerConfig>>;
  referenceFlows: ReferenceFlowsFileConfig;
}

/** F4's reconciliation schedule when the file names none. */
export const DEFAULT_RECONCILIATION_SCHEDULE = '*/15 * * * *';

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
    referenceFlows: {
      type: 'object',
      additionalProperties: false,
      properties: {
        journalTransfer: {
          type: 'object',
          additionalProperties: false,
          // Presence and ids are checked by readReferenceFlows, after a misspelt key is named here.
          properties: {
            ledger: {
              type: 'object',
              additionalProperties: false,
              properties: {
                subsidiaryId: {},
                currencies: { type: 'object' },
                accounts: { type: 'object' },
              },
            },
          },
        },
        provisioningReconciliation: {
          type: 'object',
          additionalProperties: false,
          properties: {
            schedule: { type: 'string', minLength: 1, maxLength: 200 },
            enabled: { type: 'boolean' },
          },
        },
      },
    },
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
    return {
      path: undefined,
      gateway: emptyGateway(),
      webhooks: { inbound: {} },
      pollers: {},
      referenceFlows: readReferenceFlows('junction.config.yaml', undefined),
    };
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
    referenceFlows: readReferenceFlows(
      path,
      (raw as { referenceFlows?: ReferenceFlowsSection }).referenceFlows,
    ),
  };
}

/** The `referenceFlows` section as the schema lets it through, before its values are checked. */
interface ReferenceFlowsSection {
  journalTransfer?: { ledger?: { subsidiaryId?: unknown; currencies?: object; accounts?: object } };
  provisioningReconciliation?: Partial<ProvisioningReconciliationConfig>;
}

const ERP_ID = /^[0-9]{1,20}$/;

/** What the keys of each ledger map are, and what a bad key is told. */
const LEDGER_KEYS = {
  currencies: { what: 'currency', code: /^[A-Z]{3}$/, shape: 'an ISO 4217 code such as USD' },
  accounts: { what: 'GL account', code: /^\S{1,50}$/, shape: 'a GL account number' },
} as const;

/** The `referenceFlows` section with defaults applied; a bad value throws a `ConfigError`. */
function readReferenceFlows(
  path: string,
  section: ReferenceFlowsSection | undefined,
): ReferenceFlowsFileConfig {
  const declared = section?.provisioningReconciliation ?? {};
  const schedule = declared.schedule ?? DEFAULT_RECONCILIATION_SCHEDULE;
  checkSchedule(`${path}: referenceFlows.provisioningReconciliation.schedule`, schedule);
  const provisioningReconciliation = { schedule, enabled: declared.enabled ?? true };
  if (section?.journalTransfer === undefined) return { provisioningReconciliation };
  const key = `${path}: referenceFlows.journalTransfer.ledger`;
  const { ledger } = section.journalTransfer;
  if (ledger === undefined) {
    throw new ConfigError(
      key,
      'undefined',
      'the ERP ledger: subsidiaryId, currencies and accounts',
    );
  }
  return {
    journalTransfer: {
      ledger: {
        subsidiaryId: erpId(`${key}.subsidiaryId`, ledger.subsidiaryId),
        currencies: idMap(`${key}.currencies`, ledger.currencies, 'currencies'),
        accounts: idMap(`${key}.accounts`, ledger.accounts, 'accounts'),
      },
    },
    provisioningReconciliation,
  };
}

/** An ERP internal id: digits, written as a string or a YAML number. */
function erpId(key: string, value: unknown): string {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof text === 'string' && ERP_ID.test(text)) return text;
  const expected = "an ERP internal id of 1 to 20 digits, such as '119'";
  throw new ConfigError(key, describeValue(value), expected);
}

/** A ledger map of billing codes to ERP ids, with at least one entry. */
function idMap(
  key: string,
  map: object | undefined,
  kind: keyof typeof LEDGER_KEYS,
): Record<string, string> {
  const { what, code, shape } = LEDGER_KEYS[kind];
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) {
    const expected = `at least one ${what} mapped to its ERP internal id`;
    throw new ConfigError(key, describeValue(map), expected);
  }
  const badKey = entries.find(([name]) => !code.test(name));
  if (badKey !== undefined)
    throw new ConfigError(`${key}.${badKey[0]}`, badKey[0], `${shape} as the key`);
  return Object.fromEntries(entries.map(([name, id]) => [name, erpId(`${key}.${name}`, id)]));
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
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
