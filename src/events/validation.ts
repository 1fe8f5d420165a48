import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { default as addFormats } from 'ajv-formats';

import { CANONICAL_EVENT_NAMES, eventTypeOf, messageNameOf } from './canonical-event-types.js';

/** The bundled canonical AsyncAPI document, as `junction generate` writes it. */
const BUNDLE = join('generated', 'canonical-events-v1', 'asyncapi.json');
const BUNDLE_ID = 'canonical-events-v1';

/** The AsyncAPI message of every canonical event type. */
const MESSAGE_OF_TYPE: ReadonlyMap<string, string> = new Map(
  CANONICAL_EVENT_NAMES.map((name) => [eventTypeOf(name), messageNameOf(name)]),
);

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * The reason `event` breaks the payload schema of its AsyncAPI message, in one sentence, or
 * undefined when it follows it. The message is found by the CloudEvents `type`; a type no message
 * declares is a reason too.
 */
export function checkEvent(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return `expected a CloudEvent object, got ${describe(event)}`;
  }
  const type = (event as { type?: unknown }).type;
  const message = typeof type === 'string' ? MESSAGE_OF_TYPE.get(type) : undefined;
  if (message === undefined) {
    return `expected a type that a canonical AsyncAPI message declares, got ${describe(type)}`;
  }

  const validate = validatorOf(message);
  if (validate(event)) return undefined;
  const errors = (validate.errors ?? []).map(describeError).join('; ');
  return `expected ${String(type)} to follow the ${message} payload schema, got ${errors}`;
}

function validatorOf(message: string): ValidateFunction {
  const cached = validators.get(message);
  if (cached !== undefined) return cached;
  const validate = loadAjv().getSchema(`${BUNDLE_ID}#/components/messages/${message}/payload`);
  if (validate === undefined) throw new Error(`expected ${BUNDLE} to declare message ${message}`);
  validators.set(message, validate);
  return validate;
}

function loadAjv(): Ajv2020 {
  if (ajv !== undefined) return ajv;
  const document = JSON.parse(readFileSync(findBundle(), 'utf8')) as object;
  // strict: false because the AsyncAPI keywords around the schemas are not JSON Schema.
  const created = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(created);
  created.addSchema(document, BUNDLE_ID);
  ajv = created;
  return created;
}

/** Finds the bundle from this module up: beside the sources, or above a built `dist/`. */
function findBundle(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, BUNDLE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`expected ${BUNDLE}; run junction generate`);
  }
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'the event' : error.instancePath;
  return `${at} ${error.message ?? 'is invalid'}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'none';
  return typeof value === 'function' ? 'a function' : JSON.stringify(value);
}
