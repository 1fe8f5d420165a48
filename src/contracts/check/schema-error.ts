import type { ErrorObject } from 'ajv';

import { describeValue, isRecord } from '../pact/index.js';
import type { SchemaFailure } from './model.js';

type Describe = (error: ErrorObject) => Omit<SchemaFailure, 'pointer'> & { at?: string };

const param = (error: ErrorObject, name: string): unknown =>
  (error.params as Record<string, unknown>)[name];

/** What each common keyword wants, in words; any other keyword falls back to ajv's message. */
const DESCRIBERS: Record<string, Describe> = {
  required: (error) => ({
    at: String(param(error, 'missingProperty')),
    expected: `required property ${describeValue(param(error, 'missingProperty'))}`,
    actual: 'nothing',
  }),
  additionalProperties: (error) => extraProperty(error, 'additionalProperty'),
  unevaluatedProperties: (error) => extraProperty(error, 'unevaluatedProperty'),
  type: (error) => ({
    expected: `type ${String(param(error, 'type'))}`,
    actual: typed(error.data),
  }),
  enum: (error) => ({
    expected: `one of ${describeValue(param(error, 'allowedValues'), 120)}`,
    actual: describeValue(error.data),
  }),
  const: (error) => ({
    expected: describeValue(param(error, 'allowedValue')),
    actual: describeValue(error.data),
  }),
  format: (error) => ({
    expected: `format ${String(param(error, 'format'))}`,
    actual: describeValue(error.data),
  }),
  pattern: (error) => ({
    expected: `a string matching ${String(param(error, 'pattern'))}`,
    actual: describeValue(error.data),
  }),
  maxLength: (error) => bound(error, 'at most', 'character'),
  minLength: (error) => bound(error, 'at least', 'character'),
  maxItems: (error) => bound(error, 'at most', 'item'),
  minItems: (error) => bound(error, 'at least', 'item'),
  maximum: (error) => limit(error, '<='),
  minimum: (error) => limit(error, '>='),
  exclusiveMaximum: (error) => limit(error, '<'),
  exclusiveMinimum: (error) => limit(error, '>'),
};

function bound(error: ErrorObject, side: string, unit: string): ReturnType<Describe> {
  const count = Number(param(error, 'limit'));
  return {
    expected: `${side} ${count} ${unit}${count === 1 ? '' : 's'}`,
    actual: describeValue(error.data),
  };
}

function limit(error: ErrorObject, comparison: string): ReturnType<Describe> {
  return {
    expected: `a number ${comparison} ${String(param(error, 'limit'))}`,
    actual: describeValue(error.data),
  };
}

/** Turns one ajv error into a failure at `base` + the value's path, with expected and actual. */
export function describeSchemaError(error: ErrorObject, base: string): SchemaFailure {
  const describe = DESCRIBERS[error.keyword];
  const described = describe
    ? describe(error)
    : {
        expected: `${error.keyword} ${error.message ?? ''}`.trim(),
        actual: describeValue(error.data),
      };
  const at = 'at' in described && described.at !== undefined ? `/${escape(described.at)}` : '';
  return {
    pointer: `${base}${error.instancePath}${at}`,
    expected: described.expected,
    actual: described.actual,
  };
}

function extraProperty(error: ErrorObject, name: string): ReturnType<Describe> {
  const property = String(param(error, name));
  const value = isRecord(error.data) ? error.data[property] : undefined;
  return {
    at: property,
    expected: `no property ${describeValue(property)} (not declared, and no others are allowed)`,
    actual: describeValue(value),
  };
}

function typed(value: unknown): string {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `${type} ${describeValue(value)}`;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
