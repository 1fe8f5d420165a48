import { toProblem } from '../../../runtime/errors.js';
import type { FieldError } from '../../../runtime/errors.js';
import type { ApiContext } from '../../context.js';

/** 404 `not-found`: `detail` names what was looked for; `errors` point at body fields named. */
export function notFound(context: ApiContext, detail: string, errors: FieldError[] = []) {
  return { status: 404 as const, body: problemBody('not-found', detail, context, errors) };
}

/** 409 `conflict`: `detail` names the clash and what to do instead. */
export function conflict(context: ApiContext, detail: string, errors: FieldError[] = []) {
  return { status: 409 as const, body: problemBody('conflict', detail, context, errors) };
}

/** 400 `validation-failed` for a value the contract admits but the platform cannot use. */
export function invalid(context: ApiContext, detail: string, errors: FieldError[] = []) {
  return { status: 400 as const, body: problemBody('validation-failed', detail, context, errors) };
}

function problemBody(
  code: 'not-found' | 'conflict' | 'validation-failed',
  detail: string,
  context: ApiContext,
  errors: FieldError[],
) {
  return toProblem(code, detail, { correlationId: context.correlationId, errors });
}

/** The paging answer every list operation shares. */
export function pageBody<T>(items: T[], limit: number, nextCursor: string | null) {
  return { data: items, page: { limit, nextCursor } };
}

/** The page size when the caller names none, as the shared `limit` parameter declares. */
export const DEFAULT_LIMIT = 50;
