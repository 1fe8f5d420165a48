import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

import { isRecord } from '../pact/index.js';
import type { SchemaFailure } from './model.js';
import { followRef } from './refs.js';
import { describeSchemaError } from './schema-error.js';

/** Which side writes the value: a request ignores `readOnly` required properties, a response `writeOnly`. */
export type Direction = 'request' | 'response';

/** The failures of a value, or why its schema cannot be checked at all. */
export type SchemaVerdict = { ok: true; failures: SchemaFailure[] } | { ok: false; reason: string };

/** The JSON Schema dialect of a document's schemas. */
export type SchemaDialect = 'draft-07' | '2020-12';

const SPEC_ID = 'junction-contract-spec';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * Validates values against schemas of one document, whose local `$ref`s resolve inside it.
 * With `coerce`, strings are read as the numbers, booleans and lists their schema asks for, as
 * parameters arrive. Unknown keywords and formats are ignored rather than refused.
 */
export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor(
    private readonly document: Record<string, unknown>,
    dialect: SchemaDialect,
    coerce = false,
  ) {
    const options = {
      strict: false,
      allErrors: true,
      verbose: true,
      validateSchema: false,
      logger: false,
      ...(coerce ? { coerceTypes: 'array' as const } : {}),
    } as const;
    this.ajv = dialect === '2020-12' ? new Ajv2020(options) : new Ajv(options);
    addFormats(this.ajv);
    this.ajv.addSchema(document, SPEC_ID);
  }

  /** Checks `value` against `schema`; failure pointers are `base` followed by the value's path. */
  validate(schema: unknown, value: unknown, direction: Direction, base: string): SchemaVerdict {
    if (schema === true || schema === undefined) return { ok: true, failures: [] };
    const validate = this.compile(schema);
    if (typeof validate === 'string') return { ok: false, reason: validate };
    if (validate(value)) return { ok: true, failures: [] };
    const errors = withoutBranchNoise(validate.errors ?? []).filter((error) =>
      this.applies(error, direction),
    );
    return { ok: true, failures: unique(errors.map((error) => describeSchemaError(error, base))) };
  }

  private compile(schema: unknown): ValidateFunction | string {
    const key = isRecord(schema) ? schema : undefined;
    const cached = key && this.compiled.get(key);
    if (cached) return cached;
    try {
      const validate = this.ajv.compile(anchorRefs(schema) as object);
      if (key) this.compiled.set(key, validate);
      return validate;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return `the schema cannot be compiled: ${reason}`;
    }
  }

  /** A required `readOnly` property may be absent from a request, a `writeOnly` one from a response. */
  private applies(error: ErrorObject, direction: Direction): boolean {
    if (error.keyword !== 'required' || !isRecord(error.parentSchema)) return true;
    const properties: unknown = error.parentSchema.properties;
    const missing = (error.params as { missingProperty: string }).missingProperty;
    if (!isRecord(properties)) return true;
    const property = followRef(this.document, properties[missing]);
    const flag = direction === 'request' ? 'readOnly' : 'writeOnly';
    return !(isRecord(property) && property[flag] === true);
  }
}

/** A schema taken out of the document keeps its `#/...` references pointing into the document. */
function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (!isRecord(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `${SPEC_ID}${value}`
        : anchorRefs(value);
  }
  return copy;
}

/**
 * Drops what repeats another error: `if` (its `then`/`else` errors say why), and the errors of
 * the inline branches of a failing `anyOf`/`oneOf`, which that error already stands for.
 */
function withoutBranchNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .map((error) => `${error.schemaPath}/`);
  return errors.filter(
    (error) =>
      error.keyword !== 'if' && !combinators.some((prefix) => error.schemaPath.startsWith(prefix)),
  );
}

function unique(failures: SchemaFailure[]): SchemaFailure[] {
  const seen = new Set<string>();
  return failures.filter((failure) => {
    const key = `${failure.pointer}\u0000${failure.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
