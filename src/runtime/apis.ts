import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { routes as billingRoutes } from '../../generated/billing-v1/handlers.js';
import { routes as canonicalRoutes } from '../../generated/canonical-v1/handlers.js';
import { routes as salesRoutes } from '../../generated/sales-v1/handlers.js';
import { handlers as billingHandlers } from '../apis/billing/v1/index.js';
import { handlers as canonicalHandlers } from '../apis/canonical/v1/index.js';
import { handlers as salesHandlers } from '../apis/sales/v1/index.js';
import type { MountableApi, RouteDefinition } from './mount.js';

interface ServedApi {
  id: string;
  routes: readonly RouteDefinition[];
  handlers: object;
}

/** Every API version this runtime serves, with the hand-written handlers that satisfy its stubs. */
export const SERVED_APIS: readonly ServedApi[] = [
  { id: 'canonical-v1', routes: canonicalRoutes, handlers: canonicalHandlers },
  { id: 'billing-v1', routes: billingRoutes, handlers: billingHandlers },
  { id: 'sales-v1', routes: salesRoutes, handlers: salesHandlers },
];

/** Loads the bundled spec and base path of each served API from the pipeline's output. */
export function loadServedApis(generatedDir: string): MountableApi[] {
  return SERVED_APIS.map((api) => {
    const document = JSON.parse(
      readFileSync(join(generatedDir, api.id, 'openapi.json'), 'utf8'),
    ) as Record<string, unknown>;
    const { basePath } = JSON.parse(
      readFileSync(join(generatedDir, api.id, 'api.json'), 'utf8'),
    ) as { basePath: string };
    return { ...api, basePath, document };
  });
}
