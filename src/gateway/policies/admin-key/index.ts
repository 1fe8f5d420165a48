import { ProblemError } from '../../../runtime/errors.js';
import type { Store } from '../../../store/index.js';
import { findAdminKey } from '../../../store/platform/index.js';
import type { AdminRole } from '../../../store/platform/index.js';
import type { ConfigSchema, Exchange, Policy, PolicyFactory } from '../../policy.js';

/** The `admin-key` policy takes no settings. */
export type AdminKeyConfig = Record<string, never>;

/** Finds the active admin key a caller presented; undefined for any unknown or revoked value. */
export type AdminKeyLookup = (
  store: Store,
  presentedKey: string,
) => Promise<{ id: string; role: AdminRole } | undefined>;

/** The header the key travels in, as the platform spec's `adminKey` security scheme names it. */
export const ADMIN_KEY_HEADER = 'x-admin-key';

/** The operation extension that lists the roles an operation admits. */
export const ROLES_EXTENSION = 'x-junction-roles';

const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {},
} as const satisfies ConfigSchema;

/**
 * Creates the `admin-key` policy kind: authenticates a platform API call by the admin key in
 * `X-Admin-Key` (401 `unauthorized` when it is missing, unknown or revoked), then admits it
 * only when the key's role is one the operation lists in `x-junction-roles` (403 `forbidden`
 * otherwise; an operation that lists none admits `admin` only). The caller becomes
 * `admin:<keyId>`.
 *
 * @example
 * const registry = new PolicyRegistry([createAdminKeyPolicy()]);
 * // specs/openapi/platform/v1/openapi.yaml: x-junction-policies: { admin-key: {} }
 * // curl -H 'X-Admin-Key: jak_…' http://localhost:8080/platform/v1/clients
 */
export function createAdminKeyPolicy(
  lookup: AdminKeyLookup = findAdminKey,
): PolicyFactory<AdminKeyConfig> {
  return {
    name: 'admin-key',
    configSchema: CONFIG_SCHEMA,
    create(_config, context): Policy {
      return { onRequest: (exchange) => authorize(exchange, (key) => lookup(context.store, key)) };
    },
  };
}

/** The roles an operation admits: its `x-junction-roles`, or `admin` alone when it lists none. */
export function admittedRoles(operation: Readonly<Record<string, unknown>>): readonly string[] {
  const roles = operation[ROLES_EXTENSION];
  if (!Array.isArray(roles) || roles.length === 0) return ['admin'];
  return roles.filter((role): role is string => typeof role === 'string');
}

async function authorize(
  exchange: Exchange,
  find: (key: string) => ReturnType<AdminKeyLookup>,
): Promise<undefined> {
  const presented = exchange.req.headers[ADMIN_KEY_HEADER];
  if (typeof presented !== 'string' || presented === '') {
    throw new ProblemError(
      'unauthorized',
      'Send an admin key in the X-Admin-Key header; an admin can issue one with POST /admin-keys.',
    );
  }
  const key = await find(presented);
  if (key === undefined) {
    // Never echo the presented value: it may be a real key sent to the wrong instance.
    throw new ProblemError(
      'unauthorized',
      'The admin key in X-Admin-Key is unknown or revoked; ask an admin for a new key.',
    );
  }

  exchange.caller = { clientId: `admin:${key.id}` };
  const roles = admittedRoles(exchange.scope.operation);
  if (!roles.includes(key.role)) {
    throw new ProblemError(
      'forbidden',
      `Role '${key.role}' may not use ${exchange.scope.operationId}; it admits: ${roles.join(', ')}.`,
    );
  }
  return undefined;
}

/** The `admin-key` policy kind over the store's admin keys, ready to register. */
export const adminKey: PolicyFactory<AdminKeyConfig> = createAdminKeyPolicy();
