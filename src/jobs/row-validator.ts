import { readFileSync } from 'node:fs';

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { packageFile } from '../config/package-files.js';

const CANONICAL_SPEC = packageFile('generated', 'canonical-v1', 'openapi.json');
const SPEC_ID = 'canonical-v1';

/** The bundled canonical v1 document, read once: the source of every create schema. */
export type CanonicalDocument = { components: { schemas: Record<string, unknown> } };

let document: CanonicalDocument | undefined;

/** The bundled canonical v1 spec the handlers validate against too. */
export function canonicalDocument(): CanonicalDocument {
  // The pipeline writes this file from specs/openapi/canonical/v1; it always has components.
  document ??= JSON.parse(readFileSync(CANONICAL_SPEC, 'utf8')) as CanonicalDocument;
  return document;
}

/** Checks one row against a create schema: undefined when valid, else the reasons. */
export type RowValidator = (row: Record<string, unknown>) => string | undefined;

const validators = new Map<string, RowValidator>();

/**
 * The validator of a canonical v1 create schema. `coerce` converts scalar strings to the type
 * the schema asks for (`"12"` to 12, `"true"` to true), as CSV cells need; NDJSON rows are
 * checked as they are.
 */
export function rowValidator(schema: string, coerce: boolean): RowValidator {
  const key = `${schema}:${coerce}`;
  const known = validators.get(key);
  if (known) return known;
  const validate = compilerOf(coerce).compile({ $ref: `${SPEC_ID}#/components/schemas/${schema}` });
  const validator = (row: Record<string, unknown>) =>
    validate(row) ? undefined : describeErrors(validate);
  validators.set(key, validator);
  return validator;
}

const compilers = new Map<boolean, Ajv2020>();

function compilerOf(coerce: boolean): Ajv2020 {
  const known = compilers.get(coerce);
  if (known) return known;
  // strict off: OpenAPI adds keywords (example, x-pii) that JSON Schema does not know.
  // verbose: each error carries the value it found, which the report quotes.
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: coerce, verbose: true });
  addFormats.default(ajv);
  ajv.addSchema({ components: canonicalDocument().components }, SPEC_ID);
  compilers.set(coerce, ajv);
  return ajv;
}

function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map(describeError).join('; ');
}

/** The longest value a reason quotes; a longer one is cut and ends with an ellipsis. */
const QUOTED_VALUE_CHARS = 60;

/**
 * What is wrong where, and what was found there: `/billCycleDay must be integer, got "first"`,
 * `/segment must be one of "smb", "mid-market", got "enterprise"`,
 * `/ must NOT have additional properties ("colour")`, `/ must have required property 'name'`.
 */
function describeError(error: ErrorObject): string {
  const pointer = error.instancePath === '' ? '/' : error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      return `${pointer} ${error.message ?? 'has an unknown property'} ("${name}")`;
    }
    case 'required':
      return `${pointer} ${error.message ?? 'misses a required property'}`;
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      const listed = allowed.map((value) => JSON.stringify(value)).join(', ');
      return `${pointer} must be one of ${listed}, got ${quoted(error.data)}`;
    }
    default:
      return `${pointer} ${error.message ?? 'is not valid'}, got ${quoted(error.data)}`;
  }
}

function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= QUOTED_VALUE_CHARS ? text : `${text.slice(0, QUOTED_VALUE_CHARS - 1)}…`;
}
