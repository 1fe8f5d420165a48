import type { GatewayFileConfig, PolicyDeclarations } from '../config/file.js';

/** One level at which policies are declared, from least to most specific. */
export interface PolicyLayer {
  /** Where the declarations come from, for messages and instance identity. */
  origin: string;
  /** What one instance of a policy declared here serves: the API, one path or one operation. */
  reach: 'api' | 'path' | 'operation';
  policies: PolicyDeclarations;
}

/** A policy that applies to an operation, with the configuration of its most specific level. */
export interface ResolvedPolicy {
  name: string;
  config: unknown;
  origin: string;
  reach: PolicyLayer['reach'];
}

/** A policy configuration stored through the platform API. */
export interface PlatformPolicy {
  apiId: string;
  /** Undefined for a declaration that covers the whole API version. */
  operationId?: string;
  policy: string;
  config: unknown;
}

/** The spec's declarations for one operation, as stage 9 of the pipeline wrote them. */
export interface SpecDeclarations {
  document: PolicyDeclarations;
  path: PolicyDeclarations;
  operation: PolicyDeclarations;
  specPath: string;
}

/**
 * The built-in policies in the order they run. CORS is first so that every answer, a rejection
 * too, carries its headers; identity comes before quotas so quotas can be per client; the body
 * is read last, after every cheaper refusal. Custom policies follow, in declaration order.
 */
export const BUILT_IN_ORDER = [
  'cors',
  'ip-access',
  'admin-key',
  'client-id-enforcement',
  'oauth2',
  'rate-limit',
  'spike-control',
  'cache',
  'threat-protection',
] as const;

/**
 * Every layer of declarations for one operation, least specific first: the spec (document,
 * path, operation), then `junction.config.yaml` (every API, the API, the operation), then the
 * platform API (the API, the operation). A later source overrides an earlier one.
 */
export function layersFor(
  apiId: string,
  operationId: string,
  spec: SpecDeclarations,
  file: GatewayFileConfig,
  platform: readonly PlatformPolicy[],
): PolicyLayer[] {
  const api = file.apis[apiId];
  const stored = platform.filter((row) => row.apiId === apiId);
  const fromPlatform = (rows: readonly PlatformPolicy[]) =>
    Object.fromEntries(rows.map((row) => [row.policy, row.config]));
  return [
    { origin: 'spec document', reach: 'api', policies: spec.document },
    { origin: `spec path ${spec.specPath}`, reach: 'path', policies: spec.path },
    { origin: `spec operation ${operationId}`, reach: 'operation', policies: spec.operation },
    { origin: 'config gateway.policies', reach: 'api', policies: file.policies },
    { origin: `config gateway.apis.${apiId}`, reach: 'api', policies: api?.policies ?? {} },
    {
      origin: `config gateway.apis.${apiId}.operations.${operationId}`,
      reach: 'operation',
      policies: api?.operations?.[operationId]?.policies ?? {},
    },
    {
      origin: 'platform api',
      reach: 'api',
      policies: fromPlatform(stored.filter((row) => row.operationId === undefined)),
    },
    {
      origin: `platform operation ${operationId}`,
      reach: 'operation',
      policies: fromPlatform(stored.filter((row) => row.operationId === operationId)),
    },
  ];
}

/**
 * The policies of an operation: for each name the most specific declaration wins, and `false`
 * there switches the policy off. Built-ins run in `BUILT_IN_ORDER`, custom ones after them.
 */
export function resolvePolicies(layers: readonly PolicyLayer[]): ResolvedPolicy[] {
  const winners = new Map<string, ResolvedPolicy>();
  const firstSeen: string[] = [];
  for (const layer of layers) {
    for (const [name, config] of Object.entries(layer.policies)) {
      if (!firstSeen.includes(name)) firstSeen.push(name);
      winners.set(name, { name, config, origin: layer.origin, reach: layer.reach });
    }
  }
  const rank = (name: string) => {
    const builtIn = (BUILT_IN_ORDER as readonly string[]).indexOf(name);
    return builtIn >= 0 ? builtIn : BUILT_IN_ORDER.length + firstSeen.indexOf(name);
  };
  return [...winners.values()]
    .filter((policy) => policy.config !== false)
    .sort((a, b) => rank(a.name) - rank(b.name));
}
