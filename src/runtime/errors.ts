/**
 * The error catalogue: every error code Junction answers with, its HTTP status and its title.
 * Codes are stable public identifiers; a retired code is never reused. docs/errors.md lists them.
 */
export const ERROR_CATALOGUE = {
  'validation-failed': { status: 400, title: 'The request is not valid against the API contract' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'invalid-cursor': { status: 400, title: 'The paging cursor was not issued by this API' },
  'body-too-complex': { status: 400, title: 'The request body exceeds a structural limit' },
  'forbidden-key': { status: 400, title: 'The request uses a reserved property name' },
  'malformed-xml': { status: 400, title: 'The request body is not acceptable XML' },
  unauthorized: { status: 401, title: 'The request does not carry valid credentials' },
  'invalid-signature': {
    status: 401,
    title: 'The webhook signature is missing or does not match the body',
  },
  'stale-timestamp': { status: 401, title: 'The webhook timestamp is outside the tolerance' },
  'webhook-replayed': { status: 401, title: 'A webhook with this id was already received' },
  forbidden: { status: 403, title: 'The caller may not use this operation' },
  'insufficient-scope': { status: 403, title: 'The access token lacks a required scope' },
  'address-denied': { status: 403, title: 'The client address may not call this API' },
  'origin-not-allowed': { status: 403, title: 'The origin may not call this API from a browser' },
  'not-found': { status: 404, title: 'The resource does not exist' },
  'route-not-found': { status: 404, title: 'No API operation matches this path' },
  'webhook-source-unknown': { status: 404, title: 'No inbound webhook source has this name' },
  'method-not-allowed': { status: 405, title: 'The operation does not support this method' },
  'not-acceptable': { status: 406, title: 'No response media type matches the Accept header' },
  conflict: { status: 409, title: 'The change conflicts with an existing record' },
  'purchase-in-progress': { status: 409, title: 'A purchase of this checkout is still running' },
  'idempotency-key-in-progress': {
    status: 409,
    title: 'A request with this idempotency key is still in progress',
  },
  'request-timeout': { status: 408, title: 'The request was not received in time' },
  'payload-too-large': { status: 413, title: 'The request body is larger than the limit' },
  'unsupported-media-type': { status: 415, title: 'The request body media type is not accepted' },
  'idempotency-key-reused': {
    status: 422,
    title: 'The idempotency key was used for a different request',
  },
  'reference-unknown': {
    status: 422,
    title: 'The callout refers to a record Junction cannot resolve',
  },
  'unknown-plan': { status: 422, title: 'The plan is not in the catalogue' },
  'journal-unbalanced': { status: 422, title: 'The journal entry lines do not balance' },
  'payment-overapplied': { status: 422, title: 'The payment applies more than it pays' },
  'subscription-inactive': { status: 422, title: 'The subscription is not active in billing' },
  'rate-limited': { status: 429, title: 'The quota of the caller is used up' },
  'spike-limited': { status: 429, title: 'The API is absorbing a burst of requests' },
  'response-invalid': { status: 500, title: 'The response broke the API contract' },
  internal: { status: 500, title: 'An unexpected error occurred' },
  'upstream-failed': { status: 502, title: 'The upstream service failed to answer' },
  'purchase-failed': { status: 502, title: 'The billing system refused the purchase' },
  unavailable: { status: 503, title: 'A service this API depends on is unavailable' },
  'flow-not-configured': {
    status: 503,
    title: 'The flow this callout starts is not configured',
  },
  'upstream-timeout': { status: 504, title: 'The upstream service did not answer in time' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Where a field error points: a JSON pointer into one part of the request. */
export interface FieldError {
  in?: 'body' | 'query' | 'path' | 'header';
  pointer: string;
  message: string;
}

/** An RFC 9457 problem document with Junction's stable code and field errors. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldError[];
}

export const PROBLEM_TYPE_BASE = 'https://junction.dev/errors/';

/** An error that becomes a problem response; handlers and the gateway throw only these. */
export class ProblemError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = 'ProblemError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

/** Builds the problem document of an error code; `errors` is omitted when empty. */
export function toProblem(
  code: ErrorCode,
  detail: string,
  extra: { instance?: string; correlationId?: string; errors?: FieldError[] } = {},
): Problem {
  const { status, title } = ERROR_CATALOGUE[code];
  const problem: Problem = { type: PROBLEM_TYPE_BASE + code, title, status, code, detail };
  if (extra.instance) problem.instance = extra.instance;
  if (extra.correlationId) problem.correlationId = extra.correlationId;
  if (extra.errors && extra.errors.length > 0) problem.errors = extra.errors;
  return problem;
}
