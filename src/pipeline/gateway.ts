import type { OperationObject, PathItemObject, RequestBodyObject } from 'openapi-typescript';

import { deriveBodyLimits } from './body-limits.js';
import type { DerivedBodyLimits } from './body-limits.js';
import { basePathOf } from './clients.js';
import type { ApiDocument } from './document.js';
import { deref, listOperations } from './document.js';

/** Policy declarations by policy name, as `x-junction-policies` writes them. */
type Declarations = Record<string, unknown>;

/** What the gateway reads of one operation, from the spec alone. */
export interface GatewayOperation {
  operationId: string;
  method: string;
  path: string;
  /** `x-junction-policies` of the path item, then of the operation. */
  pathPolicies: Declarations;
  policies: Declarations;
  /** The operation's security requirements, or the document's when it declares none. */
  security: Record<string, string[]>[];
  /** Media types the request body may have; empty when the operation takes no body. */
  requestMediaTypes: string[];
  /** Structural limits the request body schema implies, per media type union. */
  bodyLimits?: DerivedBodyLimits;
  /** `x-junction-upstream` of the operation, when it is proxied on its own. */
  upstream?: unknown;
}

/** The gateway configuration of one API version: stage 9 of the pipeline. */
export interface GatewayConfig {
  apiId: string;
  basePath: string;
  /** `x-junction-policies` of the document. */
  policies: Declarations;
  /** `x-junction-upstream` of the document: every operation is proxied there. */
  upstream?: unknown;
  securitySchemes: Record<string, unknown>;
  operations: GatewayOperation[];
}

const POLICIES = 'x-junction-policies';
const UPSTREAM = 'x-junction-upstream';

/**
 * Reads routes, security requirements, policy declarations, upstreams and body limits from a
 * bundled document. Declarations are kept per level so the runtime can layer them with the
 * configuration file and the platform API; limits are derived from the request body schemas.
 */
export function generateGatewayConfig(document: ApiDocument, apiId: string): string {
  const root = document as unknown as Record<string, unknown>;
  const config: GatewayConfig = {
    apiId,
    basePath: basePathOf(document),
    policies: declarations(root[POLICIES], `document ${POLICIES}`),
    securitySchemes: document.components?.securitySchemes ?? {},
    operations: listOperations(document).map((entry) => {
      const item = deref<PathItemObject>(document, document.paths?.[entry.path] ?? {});
      const operation = entry.operation as OperationObject & Record<string, unknown>;
      const where = `${entry.method.toUpperCase()} ${entry.path}`;
      const body = operation.requestBody
        ? deref<RequestBodyObject>(document, operation.requestBody)
        : undefined;
      const requestMediaTypes = Object.keys(body?.content ?? {});
      const result: GatewayOperation = {
        operationId: entry.operationId,
        method: entry.method,
        path: entry.path,
        pathPolicies: declarations(
          (item as Record<string, unknown>)[POLICIES],
          `path ${entry.path} ${POLICIES}`,
        ),
        policies: declarations(operation[POLICIES], `${where} ${POLICIES}`),
        security: operation.security ?? document.security ?? [],
        requestMediaTypes,
      };
      const limits = bodyLimitsOf(document, body);
      if (limits) result.bodyLimits = limits;
      if (operation[UPSTREAM] !== undefined) result.upstream = operation[UPSTREAM];
      return result;
    }),
  };
  if (root[UPSTREAM] !== undefined) config.upstream = root[UPSTREAM];
  return JSON.stringify(config, null, 2) + '\n';
}

function declarations(value: unknown, where: string): Declarations {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(
      `${where} must be a map of policy name to configuration, but it is ${JSON.stringify(value)}`,
    );
  }
  return value as Declarations;
}

/** Limits that hold for every JSON media type of the body; none when a type has no bounds. */
function bodyLimitsOf(
  document: ApiDocument,
  body: RequestBodyObject | undefined,
): DerivedBodyLimits | undefined {
  const schemas = Object.entries(body?.content ?? {})
    .filter(([type]) => /[/+]json$/.test(type))
    .map(([, media]) => (media as { schema?: unknown }).schema);
  if (schemas.length !== 1) return undefined;
  const limits = deriveBodyLimits(schemas[0], document as unknown as Record<string, unknown>);
  return Object.keys(limits).length === 0 ? undefined : limits;
}
