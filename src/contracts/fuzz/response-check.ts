import type { Operation } from './operation.js';
import type { SchemaValidator } from './validator.js';

/** An HTTP answer as the fuzzer read it. */
export interface Answer {
  status: number;
  /** The `Content-Type` header, or empty when there is none. */
  contentType: string;
  text: string;
}

/** The status each stable error code is answered with, as the runtime's catalogue defines it. */
export type ErrorStatuses = Readonly<Record<string, { status: number }>>;

/** Where problem types live; a problem's `type` is this followed by its code. */
export const PROBLEM_TYPE_BASE = 'https://junction.dev/errors/';

/**
 * What is wrong with an answer to a valid request, or an empty list: a 5xx, a status the
 * operation does not declare, a media type it does not declare for that status, a body that
 * does not parse or validate against the declared schema, or a body where none is declared.
 */
export function checkValidAnswer(
  operation: Operation,
  answer: Answer,
  validator: SchemaValidator,
): string[] {
  if (answer.status >= 500) return [`expected no 5xx for a valid request, got ${answer.status}`];
  const response = declaredResponse(operation, answer.status);
  if (!response) return [`expected a status the operation declares, got ${answer.status}`];
  const content = response.content ?? {};
  if (Object.keys(content).length === 0) {
    return answer.text === ''
      ? []
      : [`expected no body for ${answer.status}, got ${answer.text.length} bytes`];
  }
  const mediaType = answer.contentType.split(';', 1)[0]!.trim().toLowerCase();
  const declared = content[mediaType];
  if (!declared) {
    return [
      `expected a media type of ${Object.keys(content).join(', ')} for ${answer.status}, got '${answer.contentType}'`,
    ];
  }
  const body = readBody(mediaType, answer.text);
  if (body instanceof Error) return [body.message];
  if (!declared.schema) return [];
  const failure = validator.check(declared.schema, body);
  return failure === undefined
    ? []
    : [`expected the body to validate against the ${answer.status} schema: ${failure}`];
}

/**
 * What is wrong with an answer to an invalid request, or an empty list: anything but a 4xx
 * `application/problem+json` whose `type`, `title`, `status` and catalogued `code` agree.
 */
export function checkProblemAnswer(answer: Answer, catalogue: ErrorStatuses): string[] {
  if (answer.status < 400 || answer.status > 499)
    return [`expected a 4xx for an invalid request, got ${answer.status}`];
  if (!answer.contentType.toLowerCase().startsWith('application/problem+json'))
    return [`expected application/problem+json, got '${answer.contentType}'`];
  const body = parseJson(answer.text);
  if (body instanceof Error) return [`expected a JSON problem document, got ${body.message}`];
  return problemFailures(body as Record<string, unknown>, answer.status, catalogue);
}

function problemFailures(
  problem: Record<string, unknown>,
  status: number,
  catalogue: ErrorStatuses,
): string[] {
  const failures: string[] = [];
  const code = problem.code;
  if (typeof problem.title !== 'string' || problem.title === '')
    failures.push('expected a non-empty title');
  if (problem.status !== status)
    failures.push(`expected status ${status} in the body, got ${JSON.stringify(problem.status)}`);
  if (typeof code !== 'string' || !Object.hasOwn(catalogue, code)) {
    failures.push(`expected a code from the error catalogue, got ${JSON.stringify(code)}`);
    return failures;
  }
  if (catalogue[code]!.status !== status)
    failures.push(`expected code '${code}' with status ${catalogue[code]!.status}, got ${status}`);
  if (problem.type !== PROBLEM_TYPE_BASE + code)
    failures.push(`expected type ${PROBLEM_TYPE_BASE + code}, got ${JSON.stringify(problem.type)}`);
  return failures;
}

/** The response an operation declares for a status: exact, then `4XX`-style, then `default`. */
export function declaredResponse(
  operation: Operation,
  status: number,
): Operation['responses'][string] | undefined {
  const { responses } = operation;
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

/**
 * The body as its schema sees it: parsed JSON for JSON media types, the text itself for others
 * (a CSV or NDJSON export is declared as a string), with every NDJSON line required to parse.
 */
function readBody(mediaType: string, text: string): unknown {
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    const body = parseJson(text);
    return body instanceof Error ? new Error(`expected a JSON body, got ${body.message}`) : body;
  }
  if (mediaType === 'application/x-ndjson') {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const broken = lines.map(parseJson).find((line) => line instanceof Error);
    if (broken instanceof Error)
      return new Error(`expected a JSON value per line, got ${broken.message}`);
  }
  return text;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    return new Error(
      `'${text.slice(0, 80)}' (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}
