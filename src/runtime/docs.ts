import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import helmet from 'helmet';

const SERVED = /^\/([a-z0-9-]+\/)?(index\.html|openapi\.json|asyncapi\.json|catalog\.json)?$/;

/**
 * Serves the generated docs under `/docs/`: the catalog page, each API version's page and its
 * bundled document. Only HTML and JSON documents are served, never generated sources.
 */
export function docsRouter(generatedDir: string): Router {
  const router = express.Router();
  // Redoc and the AsyncAPI page run inline scripts and workers; the API routes keep helmet's CSP.
  router.use(helmet({ contentSecurityPolicy: false }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!SERVED.test(req.path)) {
      res.status(404).type('text/plain').send('Not found\n');
      return;
    }
    next();
  });
  router.use(
    express.static(generatedDir, { index: 'index.html', redirect: true, fallthrough: true }),
  );
  return router;
}
