import type { NextFunction, Request, Response } from 'express';

import { ConflictError, InvalidCursorError } from '../store/index.js';
import { localsOf } from './correlation.js';
import { ERROR_CATALOGUE, ProblemError, toProblem } from './errors.js';
import type { ErrorCode, FieldError } from './errors.js';

interface ValidatorError {
  status?: number;
  errors?: { path?: string; message?: string }[];
}

interface BodyParserError {
  type?: string;
  status?: number;
}

const VALIDATOR_CODES: Record<number, ErrorCode> = {
  400: 'validation-failed',
  404: 'route-not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  500: 'response-invalid',
};

const BODY_PARSER_CODES: Record<string, ErrorCode> = {
  'entity.parse.failed': 'malformed-json',
  'entity.too.large': 'payload-too-large',
  'encoding.unsupported': 'unsupported-media-type',
  'charset.unsupported': 'unsupported-media-type',
  'request.aborted': 'validation-failed',
};

/** Writes a problem document with the request's correlation id and path. */
export function sendProblem(req: Request, res: Response, error: ProblemError): void {
  const { correlationId } = localsOf(res);
  const problem = toProblem(error.code, error.detail, {
    instance: req.originalUrl.split('?', 1)[0] ?? '/',
    correlationId,
    errors: error.errors,
  });
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/**
 * The one error handler: every failure becomes `application/problem+json` with a stable code.
 * Failures we own are logged as errors with their cause; caller mistakes are not.
 */
export function problemHandler() {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    const problem = toProblemError(err);
    if (problem.status >= 500) localsOf(res).log.error({ err }, 'request failed');
    sendProblem(req, res, problem);
  };
}

/** Maps any thrown value to the catalogue. */
export function toProblemError(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  const foreign = asForeignProblem(err);
  if (foreign)
    return new ProblemError(foreign.code, foreign.detail, foreign.errors, { cause: err });
  if (err instanceof InvalidCursorError) return new ProblemError('invalid-cursor', err.message);
  if (err instanceof ConflictError) {
    return new ProblemError('conflict', err.message, [
      { in: 'body', pointer: `/${err.field}`, message: 'already exists' },
    ]);
  }
  const parser = err as BodyParserError;
  if (typeof parser?.type === 'string' && parser.type in BODY_PARSER_CODES) {
    return new ProblemError(BODY_PARSER_CODES[parser.type]!, bodyParserDetail(parser.type), [], {
      cause: err,
    });
  }
  const validator = err as ValidatorError;
  if (typeof validator?.status === 'number' && Array.isArray(validator.errors)) {
    return fromValidator(validator, err);
  }
  return new ProblemError(
    'internal',
    'The request could not be completed; the correlation id finds it in the logs.',
    [],
    { cause: err },
  );
}

/**
 * A `ProblemError` made by another copy of this module, as a custom policy loaded through tsx
 * has: recognised by its shape, since `instanceof` cannot see across module copies.
 */
function asForeignProblem(err: unknown): ProblemError | undefined {
  if (!(err instanceof Error) || err.name !== 'ProblemError') return undefined;
  const candidate = err as Partial<ProblemError>;
  const known =
    typeof candidate.code === 'string' && Object.hasOwn(ERROR_CATALOGUE, candidate.code);
  if (!known || typeof candidate.detail !== 'string') return undefined;
  return {
    ...candidate,
    errors: Array.isArray(candidate.errors) ? candidate.errors : [],
  } as ProblemError;
}

function fromValidator(error: ValidatorError, cause: unknown): ProblemError {
  const code = VALIDATOR_CODES[error.status ?? 500] ?? 'internal';
  const errors = (error.errors ?? []).map(toFieldError);
  if (code === 'response-invalid') {
    return new ProblemError(
      code,
      'The handler returned a response the spec does not declare.',
      [],
      { cause },
    );
  }
  if (code !== 'validation-failed')
    return new ProblemError(code, errors[0]?.message ?? code, [], { cause });
  const detail = `${errors.length} ${errors.length === 1 ? 'part' : 'parts'} of the request ${errors.length === 1 ? 'is' : 'are'} not valid.`;
  return new ProblemError(code, detail, errors, { cause });
}

const PARTS: Record<string, FieldError['in']> = {
  body: 'body',
  query: 'query',
  params: 'path',
  path: 'path',
  headers: 'header',
  header: 'header',
};

/** `/body/addresses/0/city` → `{ in: 'body', pointer: '/addresses/0/city' }`. */
export function toFieldError(error: { path?: string; message?: string }): FieldError {
  const segments = (error.path ?? '').replace(/^\./, '/').split(/[/.]/).filter(Boolean);
  const part = PARTS[segments[0] ?? ''];
  const pointer = '/' + (part ? segments.slice(1) : segments).join('/');
  const field: FieldError = { pointer, message: error.message ?? 'is not valid' };
  if (part) field.in = part;
  return field;
}

function bodyParserDetail(type: string): string {
  if (type === 'entity.parse.failed')
    return 'The body could not be parsed as JSON; send a well-formed JSON document.';
  if (type === 'entity.too.large') return 'The body is larger than the limit this API accepts.';
  if (type === 'request.aborted') return 'The request body ended before it was complete.';
  return 'The body uses an encoding or charset this API does not accept; send UTF-8.';
}
