import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { routes as billingSystemRoutes } from '../../generated/billing-system-v1/handlers.js';
import { routes as billingRoutes } from '../../generated/billing-v1/handlers.js';
import { routes as canonicalRoutes } from '../../generated/canonical-v1/handlers.js';
import { routes as canonicalV2Routes } from '../../generated/canonical-v2/handlers.js';
import { routes as crmSystemRoutes } from '../../generated/crm-system-v1/handlers.js';
import { routes as erpSystemRoutes } from '../../generated/erp-system-v1/handlers.js';
import { routes as financeRoutes } from '../../generated/finance-v1/handlers.js';
import { routes as fulfillmentRoutes } from '../../generated/fulfillment-v1/handlers.js';
import { routes as platformRoutes } from '../../generated/platform-v1/handlers.js';
import { routes as salesRoutes } from '../../generated/sales-v1/handlers.js';
import { routes as storefrontRoutes } from '../../generated/storefront-v1/handlers.js';
import { handlers as billingHandlers } from '../apis/billing/v1/index.js';
import { handlers as canonicalHandlers } from '../apis/canonical/v1/index.js';
import { handlers as canonicalV2Handlers } from '../apis/canonical/v2/index.js';
import { handlers as financeHandlers } from '../apis/finance/v1/index.js';
import { handlers as fulfillmentHandlers } from '../apis/fulfillment/v1/index.js';
import { handlers as platformHandlers } from '../apis/platform/v1/index.js';
import { handlers as salesHandlers } from '../apis/sales/v1/index.js';
import { handlers as storefrontHandlers } from '../apis/storefront/v1/index.js';
import { deprecationHeaders } from '../gateway/deprecation.js';
import { createProxyHandler, readUpstream } from '../gateway/proxy/index.js';
import type { MountableApi, RouteDefinition } from './mount.js';

interface ServedApi {
  id: string;
  routes: readonly RouteDefinition[];
  handlers: object;
}

/** Every API version this runtime serves, with the hand-written handlers that satisfy its stubs. */
export const SERVED_APIS: readonly ServedApi[] = [
  { id: 'canonical-v1', routes: canonicalRoutes, handlers: canonicalHandlers },
  { id: 'canonical-v2', routes: canonicalV2Routes, handlers: canonicalV2Handlers },
  { id: 'billing-v1', routes: billingRoutes, handlers: billingHandlers },
  { id: 'sales-v1', routes: salesRoutes, handlers: salesHandlers },
  { id: 'finance-v1', routes: financeRoutes, handlers: financeHandlers },
  { id: 'fulfillment-v1', routes: fulfillmentRoutes, handlers: fulfillmentHandlers },
  { id: 'storefront-v1', routes: storefrontRoutes, handlers: storefrontHandlers },
  { id: 'platform-v1', routes: platformRoutes, handlers: platformHandlers },
];

/** External systems the gateway fronts: each forwards to the `x-junction-upstream` of its spec. */
export const PROXIED_APIS: readonly {
  id: string;
  basePath: string;
  routes: readonly RouteDefinition[];
}[] = [
  { id: 'billing-system-v1', basePath: '/systems/billing/v1', routes: billingSystemRoutes },
  { id: 'crm-system-v1', basePath: '/systems/crm/v1', routes: crmSystemRoutes },
  { id: 'erp-system-v1', basePath: '/systems/erp/v1', routes: erpSystemRoutes },
];

/** Loads the bundled spec and base path of each served API from the pipeline's output. */
export function loadServedApis(
  generatedDir: string,
  env: NodeJS.ProcessEnv = process.env,
): MountableApi[] {
  return [...loadHandledApis(generatedDir), ...loadProxiedApis(generatedDir, env)];
}

function loadProxiedApis(generatedDir: string, env: NodeJS.ProcessEnv): MountableApi[] {
  return PROXIED_APIS.map((api) => {
    const document = readJson(join(generatedDir, api.id, 'openapi.json'));
    const settings = readUpstream(
      document['x-junction-upstream'],
      `${api.id}#/x-junction-upstream`,
      env,
    );
    const proxy = createProxyHandler({
      upstream: settings.url,
      timeoutMs: settings.timeoutMs,
      connectTimeoutMs: settings.connectTimeoutMs,
      basePath: api.basePath,
    });
    return { ...api, document, proxy };
  });
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function loadHandledApis(generatedDir: string): MountableApi[] {
  return SERVED_APIS.map((api) => {
    const document = JSON.parse(
      readFileSync(join(generatedDir, api.id, 'openapi.json'), 'utf8'),
    ) as Record<string, unknown>;
    const { basePath } = JSON.parse(
      readFileSync(join(generatedDir, api.id, 'api.json'), 'utf8'),
    ) as { basePath: string };
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    const headersFor = (route: RouteDefinition) =>
      deprecationHeaders(document, paths[route.path]?.[route.method] ?? {});
    return { ...api, basePath, document, headersFor };
  });
}
