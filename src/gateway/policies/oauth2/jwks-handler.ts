import type { Request, RequestHandler, Response } from 'express';

import { ProblemError } from '../../../runtime/errors.js';
import type { KeyRing } from './key-ring.js';

/** Which keys to publish and how long verifiers may cache them. */
export interface JwksHandlerOptions {
  keys: KeyRing;
  /** `Cache-Control: max-age`; 300 by default. Verifiers re-fetch early on an unknown kid. */
  maxAgeSeconds?: number;
}

/**
 * Serves the gateway's JSON Web Key Set (RFC 7517 section 5): the public half of the current
 * signing key and of every retired key whose tokens may still be in use. When the keys cannot be
 * read it passes an `unavailable` problem to the error handler.
 *
 * @example
 * app.get('/.well-known/jwks.json', createJwksHandler({ keys }));
 */
export function createJwksHandler(options: JwksHandlerOptions): RequestHandler {
  const cacheControl = `public, max-age=${options.maxAgeSeconds ?? 300}`;
  return async (_req: Request, res: Response): Promise<void> => {
    const jwks = await options.keys.publishedKeys().catch((err: unknown) => {
      throw new ProblemError('unavailable', 'the signing keys could not be read', [], {
        cause: err,
      });
    });
    res.setHeader('Cache-Control', cacheControl);
    res.status(200).type('application/jwk-set+json').send(JSON.stringify(jwks));
  };
}
