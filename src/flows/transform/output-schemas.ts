import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

import { packageFile } from '../../config/package-files.js';

/** A JSON Schema given inline, or a reference `<api-id>#/components/schemas/<Name>`. */
export type SchemaRef = string | Readonly<Record<string, unknown>>;

/** The first way a value breaks a schema: where, what is wrong, and the value found there. */
export interface SchemaViolation {
  pointer: string;
  message: string;
  value: unknown;
}

const GENERATED_DIR = packageFile('generated');
const SPEC_REF = /^([a-z0-9-]+-v[0-9]+)(#\/.+)$/;

/**
 * Compiles schemas for mapping inputs and outputs. A string reference names a schema of a
 * bundled API document under `generated/` (`finance-v1#/components/schemas/InvoiceCreate`);
 * an object is a JSON Schema (2020-12) of its own.
 */
export class MappingSchemas {
  // strict off: OpenAPI adds keywords (example, x-pii) that JSON Schema does not know.
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false });
  private readonly compiled = new Map<SchemaRef, ValidateFunction>();

  constructor(private readonly generatedDir: string = GENERATED_DIR) {
    addFormats.default(this.ajv);
  }

  /** The first violation of `schema` by `value`, or undefined when the value is valid. */
  check(schema: SchemaRef, value: unknown): SchemaViolation | undefined {
    const validate = this.validator(schema);
    if (validate(value)) return undefined;
    return toViolation(validate.errors?.[0], value);
  }

  private validator(schema: SchemaRef): ValidateFunction {
    const known = this.compiled.get(schema);
    if (known) return known;
    const validate =
      typeof schema === 'string' ? this.compileRef(schema) : this.ajv.compile(schema);
    this.compiled.set(schema, validate);
    return validate;
  }

  private compileRef(ref: string): ValidateFunction {
    const match = SPEC_REF.exec(ref);
    if (!match) {
      throw new Error(
        `expected a schema reference such as 'finance-v1#/components/schemas/Invoice', got ${JSON.stringify(ref)}`,
      );
    }
    const apiId = match[1]!;
    if (!this.ajv.getSchema(apiId)) this.ajv.addSchema(this.readDocument(apiId), apiId);
    return this.ajv.compile({ $ref: ref });
  }

  private readDocument(apiId: string): Record<string, unknown> {
    const file = join(this.generatedDir, apiId, 'openapi.json');
    if (!existsSync(file)) {
      throw new Error(`expected the bundled document ${file}; run npm run generate first`);
    }
    const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return { components: document.components };
  }
}

function toViolation(error: ErrorObject | undefined, root: unknown): SchemaViolation {
  const pointer = error?.instancePath ?? '';
  const extra =
    error?.keyword === 'additionalProperties'
      ? ` '${String((error.params as { additionalProperty: string }).additionalProperty)}'`
      : '';
  return {
    pointer: pointer === '' ? '/' : pointer,
    message: `${error?.message ?? 'is not valid'}${extra}`,
    value: valueAt(root, pointer),
  };
}

/** RFC 6901: the value a JSON pointer names inside `root`. */
function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let current = root;
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
