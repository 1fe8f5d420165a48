import { readServers } from './read-servers.js';
import type { Json } from './refs.js';
import { follow, lastSegment, objectOf, stringOf } from './refs.js';
import { applyTraits } from './traits.js';
import type { Action, ChannelView, DocumentView, MessageView, OperationView } from './view.js';

/** AsyncAPI 2 names operations as clients see them: `subscribe` is what the application sends. */
const VERBS: ReadonlyArray<readonly [string, Action]> = [
  ['subscribe', 'send'],
  ['publish', 'receive'],
];

/** Normalises an AsyncAPI 2.x document: channels keyed by address, operations by channel+verb. */
export function readV2(document: Json): DocumentView {
  const servers = readServers(document);
  const channels = new Map<string, ChannelView>();
  const operations = new Map<string, OperationView>();
  for (const [address, raw] of Object.entries(objectOf(document.channels))) {
    const channel = objectOf(follow(document, raw).value);
    const listed = Array.isArray(channel.servers) ? channel.servers.filter(isText) : [];
    channels.set(address, {
      key: address,
      address,
      servers: listed.length > 0 ? listed : [...servers.keys()],
      bindings: follow(document, channel.bindings).value,
    });
    for (const [verb, action] of VERBS) {
      if (channel[verb] === undefined) continue;
      const operation = readOperation(document, address, verb, action, channel[verb]);
      operations.set(operation.key, operation);
    }
  }
  return {
    document,
    defaultContentType: stringOf(document.defaultContentType),
    servers,
    channels,
    operations,
  };
}

function readOperation(
  document: Json,
  address: string,
  verb: string,
  action: Action,
  raw: unknown,
): OperationView {
  const operation = applyTraits(document, objectOf(follow(document, raw).value), 'traits-win');
  const operationId = stringOf(operation.operationId);
  const pointer = `#/channels/${address.replaceAll('~', '~0').replaceAll('/', '~1')}/${verb}`;
  return {
    key: `${address} ${verb}`,
    id: operationId ?? `${verb} ${address}`,
    operationId,
    action,
    verb,
    channel: address,
    deprecated: operation.deprecated === true || operation['x-deprecated'] === true,
    bindings: follow(document, operation.bindings).value,
    messages: readMessages(document, operation.message, address, `${pointer}/message`),
    reply: undefined,
  };
}

/** An operation carries one message, or several under `oneOf`. */
function readMessages(
  document: Json,
  raw: unknown,
  address: string,
  pointer: string,
): MessageView[] {
  if (raw === undefined) return [];
  const followed = follow(document, raw);
  const oneOf = objectOf(followed.value).oneOf;
  if (!Array.isArray(oneOf)) return [messageView(document, raw, address, pointer, 0)];
  const base = followed.pointer ?? pointer;
  return oneOf.map((entry, index) =>
    messageView(document, entry, address, `${base}/oneOf/${index}`, index),
  );
}

function messageView(
  document: Json,
  raw: unknown,
  address: string,
  pointer: string,
  index: number,
): MessageView {
  const followed = follow(document, raw);
  const message = applyTraits(document, objectOf(followed.value), 'traits-win');
  const name =
    stringOf(message.messageId) ??
    (followed.pointer ? lastSegment(followed.pointer) : undefined) ??
    stringOf(message.name) ??
    `${address}[${index}]`;
  return { name, label: name, identity: followed.pointer ?? pointer, message };
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}
