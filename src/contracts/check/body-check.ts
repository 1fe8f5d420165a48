import type { PactBody } from '../pact/index.js';
import { describeValue, isJsonMediaType } from '../pact/index.js';
import type { Findings } from './findings.js';
import { essence, pickMediaType } from './media-type.js';
import type { ReasonCode } from './model.js';
import { followRecord } from './refs.js';
import type { Direction, SchemaValidator } from './schema-validator.js';

/** The validators and document a body check needs. */
export interface BodyContext {
  document: Record<string, unknown>;
  bodies: SchemaValidator;
  params: SchemaValidator;
}

/** The reason codes of one side of an exchange. */
interface SideCodes {
  unexpected: ReasonCode;
  mediaType: ReasonCode;
  invalid: ReasonCode;
}

const CODES: Record<Direction, SideCodes> = {
  request: {
    unexpected: 'unexpected-request-body',
    mediaType: 'undeclared-request-media-type',
    invalid: 'invalid-request-body',
  },
  response: {
    unexpected: 'unexpected-response-body',
    mediaType: 'undeclared-response-media-type',
    invalid: 'invalid-response-body',
  },
};

/**
 * Checks a body against a `content` map: a body where none is declared, a media type that is
 * not declared, and a value that breaks the schema are each a reason. JSON bodies are checked
 * as they are; form bodies field by field as strings; other bodies only for their media type.
 */
export function checkBody(
  body: PactBody | undefined,
  content: unknown,
  direction: Direction,
  context: BodyContext,
  findings: Findings,
): void {
  if (body === undefined || body.value === '') return;
  const base = `/${direction}/body`;
  const codes = CODES[direction];
  const declared = followRecord(context.document, content);
  if (Object.keys(declared).length === 0) {
    findings.add(codes.unexpected, base, 'no body (none is declared)', describeValue(body.value));
    return;
  }
  const picked = pickMediaType(declared, body);
  if (!picked) {
    const expected = `one of ${Object.keys(declared).join(', ')}`;
    findings.add(codes.mediaType, base, expected, body.contentType ?? 'no content type');
    return;
  }
  const [mediaType, media] = picked;
  const schema = followRecord(context.document, media).schema;
  const value = valueToCheck(body, mediaType);
  if (schema === undefined || value === undefined) return;
  const validator = value.coerce ? context.params : context.bodies;
  const verdict = validator.validate(schema, value.data, direction, base);
  findings.addSchemaVerdict(codes.invalid, verdict, `${direction} body ${mediaType}`);
}

function valueToCheck(
  body: PactBody,
  mediaType: string,
): { data: unknown; coerce: boolean } | undefined {
  const type = essence(body.contentType) ?? mediaType;
  if (body.form === 'json')
    return isJsonMediaType(type) || type === '*/*'
      ? { data: body.value, coerce: false }
      : undefined;
  if (body.form !== 'text') return undefined;
  if (type === 'application/x-www-form-urlencoded')
    return { data: parseForm(String(body.value)), coerce: true };
  if (isJsonMediaType(type) || type.startsWith('text/plain'))
    return { data: body.value, coerce: false };
  return undefined;
}

function parseForm(text: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = form[name];
    form[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return form;
}
