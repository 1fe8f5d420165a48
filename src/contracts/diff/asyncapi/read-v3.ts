import { readServers } from './read-servers.js';
import type { Json } from './refs.js';
import { follow, isObject, lastSegment, objectOf, sameJson, stringOf } from './refs.js';
import { applyTraits } from './traits.js';
import type {
  ChannelView,
  DocumentView,
  MessageView,
  OperationView,
  ReplyView,
  ServerView,
} from './view.js';

/** Normalises an AsyncAPI 3.x document: channels and operations keyed by id. */
export function readV3(document: Json): DocumentView {
  const servers = readServers(document);
  const channels = new Map<string, ChannelView>();
  for (const [key, raw] of Object.entries(objectOf(document.channels))) {
    channels.set(key, readChannel(document, key, objectOf(follow(document, raw).value), servers));
  }
  const operations = new Map<string, OperationView>();
  for (const [key, raw] of Object.entries(objectOf(document.operations))) {
    operations.set(key, readOperation(document, key, objectOf(follow(document, raw).value)));
  }
  return {
    document,
    defaultContentType: stringOf(document.defaultContentType),
    servers,
    channels,
    operations,
  };
}

function readChannel(
  document: Json,
  key: string,
  channel: Json,
  servers: Map<string, ServerView>,
): ChannelView {
  const listed = Array.isArray(channel.servers) ? channel.servers : [];
  const names = listed.map((server) => serverName(document, server));
  return {
    key,
    // A null address is dynamic (decided at run time); the channel id is all that identifies it.
    address: stringOf(channel.address) ?? key,
    servers: names.length > 0 ? names : [...servers.keys()],
    bindings: follow(document, channel.bindings).value,
  };
}

/** A channel's server is a `$ref` to `#/servers/x`, or a copy of it where a bundler inlined it. */
function serverName(document: Json, raw: unknown): string {
  const ref = isObject(raw) ? stringOf(raw.$ref) : undefined;
  if (ref !== undefined) return lastSegment(ref);
  const named = Object.entries(objectOf(document.servers)).find(([, server]) =>
    sameJson(server, raw),
  );
  const inline = objectOf(raw);
  return named?.[0] ?? `${String(inline.protocol)}://${String(inline.host)}`;
}

function readOperation(document: Json, key: string, raw: Json): OperationView {
  const operation = applyTraits(document, raw, 'object-wins');
  const channelKey = channelKeyOf(document, operation.channel);
  const action = operation.action === 'send' ? 'send' : 'receive';
  return {
    key,
    id: key,
    operationId: undefined,
    action,
    verb: action,
    channel: channelKey,
    deprecated: operation.deprecated === true || operation['x-deprecated'] === true,
    bindings: follow(document, operation.bindings).value,
    messages: readMessageList(document, operation.messages, channelKey, `#/operations/${key}`),
    reply: readReply(document, operation.reply, key),
  };
}

function channelKeyOf(document: Json, raw: unknown): string {
  const ref = isObject(raw) ? stringOf(raw.$ref) : undefined;
  if (ref !== undefined) return lastSegment(ref);
  const found = Object.entries(objectOf(document.channels)).find(([, channel]) =>
    sameJson(channel, raw),
  );
  return found?.[0] ?? '';
}

function readReply(document: Json, raw: unknown, operationKey: string): ReplyView | undefined {
  if (raw === undefined) return undefined;
  const reply = objectOf(follow(document, raw).value);
  const channelKey = channelKeyOf(document, reply.channel);
  const channel = objectOf(follow(document, objectOf(document.channels)[channelKey]).value);
  const address = objectOf(follow(document, reply.address).value);
  const pointer = `#/operations/${operationKey}/reply`;
  return {
    address: stringOf(address.location) ?? stringOf(channel.address),
    messages: readMessageList(document, reply.messages, channelKey, pointer),
  };
}

/**
 * The messages an operation (or its reply) carries: those it lists, else every message of its
 * channel. A listed message is named by the channel's key for it.
 */
function readMessageList(
  document: Json,
  listed: unknown,
  channelKey: string,
  pointer: string,
): MessageView[] {
  const available = channelMessages(document, channelKey);
  if (!Array.isArray(listed)) return available.map((entry) => entry.view);
  return listed.map((raw, index) => {
    const ref = isObject(raw) ? stringOf(raw.$ref) : undefined;
    const match = ref
      ? available.find((entry) => entry.view.name === lastSegment(ref))
      : available.find((entry) => sameJson(entry.raw, raw));
    return match?.view ?? messageView(document, raw, `${pointer}/messages/${index}`, index);
  });
}

interface ChannelMessage {
  raw: unknown;
  view: MessageView;
}

function channelMessages(document: Json, channelKey: string): ChannelMessage[] {
  const channel = objectOf(follow(document, objectOf(document.channels)[channelKey]).value);
  return Object.entries(objectOf(channel.messages)).map(([name, raw]) => {
    const followed = follow(document, raw);
    const message = applyTraits(document, objectOf(followed.value), 'object-wins');
    const identity = followed.pointer ?? `#/channels/${channelKey}/messages/${name}`;
    return {
      raw: followed.value,
      view: { name, label: labelOf(identity, name), identity, message },
    };
  });
}

function messageView(document: Json, raw: unknown, pointer: string, index: number): MessageView {
  const followed = follow(document, raw);
  const message = applyTraits(document, objectOf(followed.value), 'object-wins');
  const name = followed.pointer
    ? lastSegment(followed.pointer)
    : (stringOf(message.name) ?? `[${index}]`);
  const identity = followed.pointer ?? pointer;
  return { name, label: labelOf(identity, name), identity, message };
}

/** A message shared through components is reported under its component key. */
function labelOf(identity: string, name: string): string {
  return identity.startsWith('#/components/messages/') ? lastSegment(identity) : name;
}
