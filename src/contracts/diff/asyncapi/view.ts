import type { Direction } from '../model.js';
import type { Json } from './refs.js';

/**
 * What the application does on an operation, in AsyncAPI 3 words: `send` (it publishes, others
 * read) or `receive` (others publish, it reads). AsyncAPI 2 `subscribe` is `send`, `publish` is
 * `receive`.
 */
export type Action = 'send' | 'receive';

/** One message as an operation carries it, traits applied and `$ref`s followed. */
export interface MessageView {
  /** The id it is matched by: the channel's message key, `messageId`, component key or name. */
  name: string;
  /** How reports name it: the component key of a shared message, else `name`. */
  label: string;
  /** The pointer the message was reached at, to judge a message shared by operations once. */
  identity: string;
  message: Json;
}

/** The reply of an AsyncAPI 3 request/reply operation. */
export interface ReplyView {
  address: string | undefined;
  messages: MessageView[];
}

/** One operation, normalised over AsyncAPI 2 and 3. */
export interface OperationView {
  /** What operations are matched by: the 3.x id, or `<address> <verb>` in 2.x. */
  key: string;
  /** How reports name it: the 3.x id, the 2.x operationId, or `<verb> <address>`. */
  id: string;
  /** The 2.x operationId, matched when the channel and action no longer do. */
  operationId: string | undefined;
  action: Action;
  /** The word the document uses: `send`/`receive` (3.x), `subscribe`/`publish` (2.x). */
  verb: string;
  /** Key of the channel the operation is on. */
  channel: string;
  deprecated: boolean;
  bindings: unknown;
  messages: MessageView[];
  reply: ReplyView | undefined;
}

/** One channel, keyed by id (3.x) or by address (2.x). */
export interface ChannelView {
  key: string;
  address: string;
  /** Names of the servers the channel is available on. */
  servers: string[];
  bindings: unknown;
}

/** One server, with what its clients are configured with. */
export interface ServerView {
  name: string;
  protocol: string;
  /** Where clients connect: 3.x `host` + `pathname`, 2.x `url`. */
  host: string;
  bindings: unknown;
}

/** An AsyncAPI 2.x or 3.x document, normalised for comparison. */
export interface DocumentView {
  document: unknown;
  defaultContentType: string | undefined;
  servers: Map<string, ServerView>;
  channels: Map<string, ChannelView>;
  operations: Map<string, OperationView>;
}

/** The direction a message on an operation with `action` travels, seen from its consumers. */
export function directionOf(action: Action): Direction {
  return action === 'send' ? 'response' : 'request';
}

/** The direction of the reply to an operation with `action`: the other way round. */
export function replyDirectionOf(action: Action): Direction {
  return action === 'send' ? 'request' : 'response';
}
