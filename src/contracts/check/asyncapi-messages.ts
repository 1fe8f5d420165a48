import { isRecord } from '../pact/index.js';
import { followRecord } from './refs.js';

/** A message an AsyncAPI document declares, by name, with its payload schema. */
export interface DeclaredMessage {
  name: string;
  payload: unknown;
}

/**
 * Lists every message of an AsyncAPI 2.x or 3.x document that has a JSON Schema payload: those of
 * `components.messages`, of every channel (3.x) and of every publish/subscribe operation (2.x),
 * each once. Payloads in another schema format (Avro, RAML) are left out.
 */
export function listMessages(document: Record<string, unknown>): DeclaredMessage[] {
  const found = new Map<object, string>();
  const add = (key: string, raw: unknown) => {
    const message = followRecord(document, raw);
    if (Array.isArray(message.oneOf)) return message.oneOf.forEach((entry) => add(key, entry));
    if (!found.has(message) && 'payload' in message)
      found.set(message, typeof message.name === 'string' ? message.name : key);
  };
  for (const [key, raw] of Object.entries(
    followRecord(document, followRecord(document, document.components).messages),
  ))
    add(key, raw);
  for (const [channelKey, rawChannel] of Object.entries(
    followRecord(document, document.channels),
  )) {
    const channel = followRecord(document, rawChannel);
    for (const [key, raw] of Object.entries(followRecord(document, channel.messages)))
      add(key, raw);
    for (const side of ['publish', 'subscribe']) {
      const operation = followRecord(document, channel[side]);
      if (operation.message !== undefined) add(`${channelKey} ${side}`, operation.message);
    }
  }
  return [...found].flatMap(([message, name]) => {
    const payload = jsonSchemaOf((message as Record<string, unknown>).payload);
    return payload === undefined ? [] : [{ name, payload }];
  });
}

/** AsyncAPI 3 lets a payload name its format (`{ schemaFormat, schema }`); only JSON Schema is read. */
function jsonSchemaOf(payload: unknown): unknown {
  if (!isRecord(payload) || typeof payload.schemaFormat !== 'string' || !('schema' in payload))
    return payload;
  return /json|asyncapi/i.test(payload.schemaFormat) ? payload.schema : undefined;
}
