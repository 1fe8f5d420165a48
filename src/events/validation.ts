import { existsSync, readFileSync } from 'node:fs';

import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { default as addFormats } from 'ajv-formats';

import { packageFile } from '../config/package-files.js';
import { CANONICAL_EVENT_NAMES, eventTypeOf, messageNameOf } from './canonical-event-types.js';

/** The bundles whose messages events follow, by the folder `junction generate` writes them to. */
const CANONICAL_BUNDLE = 'canonical-events-v1';
const INTEGRATION_BUNDLE = 'integration-events-v1';

/** Where the payload schema of one event type is: its message's name and schema reference. */
interface DeclaredMessage {
  message: string;
  schema: string;
}

/** The AsyncAPI message of every canonical event type. */
const CANONICAL_MESSAGES: ReadonlyMap<string, DeclaredMessage> = new Map(
  CANONICAL_EVENT_NAMES.map((name) => {
    const message = messageNameOf(name);
    const schema = `${CANONICAL_BUNDLE}#/components/messages/${message}/payload`;
    return [eventTypeOf(name), { message, schema }];
  }),
);

let loaded: { ajv: Ajv2020; messages: ReadonlyMap<string, DeclaredMessage> } | undefined;
const validators = new Map<string, ValidateFunction>();

/**
 * The reason `event` breaks the payload schema of its AsyncAPI message, in one sentence, or
 * undefined when it follows it. The message is found by the CloudEvents `type`, among the
 * canonical events and the integration events the runtime queues for its own consumers; a type
 * no message declares is a reason too.
 */
export function checkEvent(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return `expected a CloudEvent object, got ${describe(event)}`;
  }
  const type = (event as { type?: unknown }).type;
  const declared = typeof type === 'string' ? load().messages.get(type) : undefined;
  if (declared === undefined) {
    return `expected a type that a canonical or integration AsyncAPI message declares, got ${describe(type)}`;
  }

  const validate = validatorOf(declared);
  if (validate(event)) return undefined;
  const errors = (validate.errors ?? []).map(describeError).join('; ');
  return `expected ${String(type)} to follow the ${declared.message} payload schema, got ${errors}`;
}

function validatorOf(declared: DeclaredMessage): ValidateFunction {
  const cached = validators.get(declared.schema);
  if (cached !== undefined) return cached;
  const validate = load().ajv.getSchema(declared.schema);
  if (validate === undefined) throw new Error(`expected the schema ${declared.schema}`);
  validators.set(declared.schema, validate);
  return validate;
}

function load(): NonNullable<typeof loaded> {
  if (loaded !== undefined) return loaded;
  // strict: false because the AsyncAPI keywords around the schemas are not JSON Schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(readBundle(CANONICAL_BUNDLE), CANONICAL_BUNDLE);
  const integration = readBundle(INTEGRATION_BUNDLE) as IntegrationDocument;
  ajv.addSchema(integration, INTEGRATION_BUNDLE);
  loaded = { ajv, messages: new Map([...integrationMessages(integration), ...CANONICAL_MESSAGES]) };
  return loaded;
}

interface IntegrationDocument {
  channels?: Record<string, { messages?: Record<string, IntegrationMessage> }>;
}
interface IntegrationMessage {
  name?: string;
  payload?: { allOf?: { properties?: { type?: { const?: unknown } } }[] };
}

/** The messages the integration document declares inline in its channels, by event type. */
function integrationMessages(document: IntegrationDocument): Map<string, DeclaredMessage> {
  const messages = new Map<string, DeclaredMessage>();
  for (const [channel, { messages: inChannel = {} }] of Object.entries(document.channels ?? {})) {
    for (const [key, message] of Object.entries(inChannel)) {
      const type = (message.payload?.allOf ?? []).map((part) => part.properties?.type?.const);
      const declared = type.find((candidate) => typeof candidate === 'string');
      if (typeof declared !== 'string') continue;
      const schema = `${INTEGRATION_BUNDLE}#/channels/${channel}/messages/${key}/payload`;
      messages.set(declared, { message: message.name ?? key, schema });
    }
  }
  return messages;
}

function readBundle(id: string): object {
  const file = packageFile('generated', id, 'asyncapi.json');
  if (!existsSync(file)) throw new Error(`expected ${file}; run junction generate`);
  return JSON.parse(readFileSync(file, 'utf8')) as object;
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'the event' : error.instancePath;
  return `${at} ${error.message ?? 'is invalid'}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'none';
  return typeof value === 'function' ? 'a function' : JSON.stringify(value);
}
