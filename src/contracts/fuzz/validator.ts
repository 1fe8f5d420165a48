import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';

import { satisfiesFormat, FORMATS } from './formats.js';
import type { ApiDocument } from './schema.js';

/** Where the document's components live for the validator; local refs are rewritten to it. */
const DOCUMENT_ID = 'https://fuzz.junction.dev/document';

/** Checks values against the schemas of one bundled OpenAPI 3.1 document. */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor(document: ApiDocument) {
    this.ajv = new Ajv2020({ strict: false, allErrors: false });
    for (const format of Object.keys(FORMATS)) {
      this.ajv.addFormat(format, (value: string) => satisfiesFormat(format, value));
    }
    this.ajv.addSchema({ $id: DOCUMENT_ID, components: anchored(document.components ?? {}) });
  }

  /** Undefined when `value` is valid against `schema`, else the first failure in words. */
  check(schema: unknown, value: unknown): string | undefined {
    const validate = this.compile(schema);
    if (validate(value)) return undefined;
    const error = validate.errors?.[0];
    return error
      ? `${error.instancePath || '/'} ${error.message ?? 'is not valid'}`
      : 'is not valid';
  }

  private compile(schema: unknown): ValidateFunction {
    const key = typeof schema === 'object' && schema !== null ? schema : { const: schema };
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(anchored(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/** A copy of `node` whose local `$ref`s point into the document the validator holds. */
function anchored(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchored);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? DOCUMENT_ID + value
        : anchored(value),
    ]),
  );
}
