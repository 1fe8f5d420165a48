import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

import type { Logger } from '../observability/logger.js';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/** What every request carries through the runtime, kept in `res.locals`. */
export interface RequestLocals {
  correlationId: string;
  log: Logger;
  startedAt: bigint;
  clientId?: string;
}

/**
 * Accepts the caller's `x-correlation-id` when it is a plain token of up to 128 characters, or
 * makes one; echoes it on the response and binds it to the request's child logger.
 */
export function correlation(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const offered = req.get(CORRELATION_HEADER);
    const correlationId = offered && ACCEPTED.test(offered) ? offered : randomUUID();
    res.setHeader(CORRELATION_HEADER, correlationId);
    const locals: RequestLocals = {
      correlationId,
      log: logger.child({ correlationId }),
      startedAt: process.hrtime.bigint(),
    };
    Object.assign(res.locals, locals);
    next();
  };
}

/** The request's locals; the correlation middleware always runs first. */
export function localsOf(res: Response): RequestLocals {
  return res.locals as unknown as RequestLocals;
}
