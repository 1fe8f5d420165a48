import type { NextFunction, Request, Response } from 'express';

import { localsOf } from './correlation.js';

/** Logs one line per request when its response is finished: route, status, duration, client. */
export function requestLog() {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.on('finish', () => {
      const locals = localsOf(res);
      const durationMs = Number(process.hrtime.bigint() - locals.startedAt) / 1e6;
      // The validator knows the operation even when it rejected the request before routing.
      const operation = (req as { openapi?: { openApiRoute?: string } }).openapi?.openApiRoute;
      const route = operation ?? (req.route as { path?: string } | undefined)?.path;
      locals.log.info(
        {
          method: req.method,
          path: req.originalUrl.split('?', 1)[0],
          route: route && !route.startsWith(req.baseUrl) ? req.baseUrl + route : route,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 100) / 100,
          clientId: locals.clientId,
        },
        'request completed',
      );
    });
    next();
  };
}
