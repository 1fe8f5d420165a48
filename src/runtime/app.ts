import express from 'express';
import type { Express, Request, Response } from 'express';
import helmet from 'helmet';

import type { ApiVersionSummary, PlatformGateway } from '../apis/context.js';
import { apiVersionStatus } from '../gateway/deprecation.js';
import type { Gateway } from '../gateway/engine.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import { correlation } from './correlation.js';
import { docsRouter } from './docs.js';
import { ProblemError } from './errors.js';
import { createApiRouter } from './mount.js';
import type { MountableApi } from './mount.js';
import { problemHandler, sendProblem } from './problem-response.js';
import type { RuntimeServices } from './services.js';
import { requestLog } from './request-log.js';

/** Everything the app is assembled from. */
export interface AppOptions {
  store: Store;
  logger: Logger;
  apis: readonly MountableApi[];
  gateway: Gateway;
  /** Routes the gateway itself serves, such as the token endpoint; mounted before the APIs. */
  gatewayRoutes?: (app: Express) => void;
  generatedDir: string;
  bodyLimitBytes: number;
  /** What the runtime components provide to handlers; none in tests that start no components. */
  services?: RuntimeServices;
  /** False while the process drains; `/readyz` then answers 503. */
  isAccepting?: () => boolean;
}

/**
 * Assembles the HTTP app: correlation id and request log first, health checks, docs, every API
 * version at its base path, and one problem+json error handler last.
 */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'extended');
  app.use(correlation(options.logger));
  app.use(requestLog());
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (req, res) => ready(req, res, options));
  app.use('/docs', (req, res, next) =>
    req.originalUrl === '/docs' ? res.redirect(301, '/docs/') : next(),
  );
  app.use('/docs', docsRouter(options.generatedDir));
  app.use(helmet());
  options.gatewayRoutes?.(app);
  const { store, gateway, bodyLimitBytes } = options;
  const services = options.services ?? {};
  const platform = platformGateway(options.apis, gateway);
  for (const api of options.apis) {
    app.use(
      api.basePath,
      createApiRouter(api, { store, gateway, bodyLimitBytes, platform, services }),
    );
  }
  app.use((req: Request, res: Response) => {
    sendProblem(
      req,
      res,
      new ProblemError('route-not-found', `No API is served at '${req.path}'.`),
    );
  });
  app.use(problemHandler());
  return app;
}

/** What the platform API learns of the served APIs and asks of the gateway. */
function platformGateway(apis: readonly MountableApi[], gateway: Gateway): PlatformGateway {
  const summaries: ApiVersionSummary[] = apis.map((api) => {
    const split = api.id.lastIndexOf('-');
    const info = api.document.info as { title?: string } | undefined;
    return {
      apiId: api.id,
      name: api.id.slice(0, split),
      version: api.id.slice(split + 1),
      title: info?.title ?? api.id,
      basePath: api.basePath,
      operationIds: api.routes.map((route) => route.operationId),
      ...apiVersionStatus(api.document),
    };
  });
  return {
    apis: () => summaries,
    validatePolicy: (apiId, policy, config, operationId) =>
      gateway.check(apiId, operationId, policy, config),
  };
}

async function ready(req: Request, res: Response, options: AppOptions): Promise<void> {
  if (options.isAccepting && !options.isAccepting()) {
    sendProblem(req, res, new ProblemError('unavailable', 'The process is shutting down.'));
    return;
  }
  try {
    await options.store.ping();
    res.json({ status: 'ready' });
  } catch (err) {
    sendProblem(
      req,
      res,
      new ProblemError('unavailable', 'The database does not answer.', [], { cause: err }),
    );
  }
}
