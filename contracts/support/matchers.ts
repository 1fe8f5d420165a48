import { MatchersV3 } from '@pact-foundation/pact';

const { regex, string, uuid, eachLike, integer } = MatchersV3;

/** An RFC 3339 UTC timestamp with optional fractions, as the store writes them. */
export function timestamp(example: string) {
  return regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, example);
}

/** A JSON answer's `Content-Type`, with or without its charset. */
export const JSON_CONTENT_TYPE = regex(
  /^application\/json(;\s?charset=utf-8)?$/i,
  'application/json; charset=utf-8',
);

/** A problem document's `Content-Type` (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = regex(
  /^application\/problem\+json(;\s?charset=utf-8)?$/i,
  'application/problem+json; charset=utf-8',
);

/** A `Location` header that ends in the path of the created record. */
export function locationOf(path: string, example: string) {
  return regex(new RegExp(`^https?://[^/]+${path}/[^/]+$`), `http://127.0.0.1:8080${example}`);
}

/** The `not-found` problem document Junction answers a read of a missing record with. */
export function notFoundProblem(instance: string, detail: string) {
  return {
    type: 'https://junction.dev/errors/not-found',
    title: string('The resource does not exist'),
    status: 404,
    code: 'not-found',
    detail: string(detail),
    instance,
    correlationId: uuid('5f8a40d0-0982-4fd2-9c72-aec0d687676a'),
  };
}

/** The `validation-failed` problem document, with one field error per pointer given. */
export function validationProblem(instance: string, pointer: string, message: string) {
  return {
    type: 'https://junction.dev/errors/validation-failed',
    title: string('The request is not valid against the API contract'),
    status: 400,
    code: 'validation-failed',
    detail: string('1 part of the request is not valid.'),
    instance,
    correlationId: uuid('eea838a6-deb1-4fe1-9001-744b64d91d89'),
    // A literal array: its one entry's pointer is part of the contract, not just its type.
    errors: [{ in: 'body', pointer, message: string(message) }],
  };
}

/** The 422 problem document of a broken business rule (`journal-unbalanced`, `unknown-plan`). */
export function ruleProblem(instance: string, code: string, title: string, detail: string) {
  return {
    type: `https://junction.dev/errors/${code}`,
    title: string(title),
    status: 422,
    code,
    detail: string(detail),
    instance,
    correlationId: uuid('0c9e7d51-2b64-4f0a-9e3d-7a1b5c8d2f46'),
  };
}

/** One page of a list answer whose items look like `item`. */
export function pageOf(item: unknown) {
  return {
    data: eachLike(item),
    page: { limit: integer(50), nextCursor: null },
  };
}

/** A record whose timestamps match by form: the provider sets them when it writes. */
export function withTimestamps<T extends { createdAt: string; updatedAt: string }>(record: T) {
  return {
    ...record,
    createdAt: timestamp(record.createdAt),
    updatedAt: timestamp(record.updatedAt),
  };
}
