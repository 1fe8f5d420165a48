import type { Request, Response } from 'express';

import type { BillingState } from './billing-fake.js';
import type { FakeContext } from './fake-system.js';
import { FakeError } from './fake-system.js';

/** The billing system's 404 for a key that names no record. */
export function notFound(key: string): FakeError {
  return new FakeError(404, `Cannot find entity by key: '${key}'.`);
}

/** The fake's clock as the billing system writes timestamps: seconds and a UTC offset. */
export function timestampOf(context: FakeContext): string {
  return context
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, '+00:00');
}

/**
 * Answers a POST once per `Idempotency-Key`: a retry with the same key and path gets the first
 * answer and changes nothing.
 */
export function answerOnce(
  state: BillingState,
  request: Request,
  response: Response,
  work: () => unknown,
): void {
  const key = request.header('idempotency-key');
  const replyKey = key === undefined ? undefined : `${request.path} ${key}`;
  const earlier = replyKey === undefined ? undefined : state.replies.get(replyKey);
  if (earlier !== undefined) {
    response.status(earlier.status).json(earlier.body);
    return;
  }
  const body = work();
  if (replyKey !== undefined) state.replies.set(replyKey, { status: 200, body });
  response.json(body);
}
