/**
 * One model for Pact files of every specification version (V1 to V4): what a consumer sends and
 * expects, as example values. Matching rules and generators are not kept: the contract check
 * validates the example values, which are what the consumer actually exchanges.
 */

/** The Pact specification versions the reader understands. */
export type PactVersion = 'V1' | 'V1.1' | 'V2' | 'V3' | 'V4';

/**
 * A body as the pact gives it. `json`: `value` is the parsed JSON value; `text`: `value` is the
 * text; `binary`: `value` is the base64 text of bytes that are not text.
 */
export interface PactBody {
  contentType: string | undefined;
  form: 'json' | 'text' | 'binary';
  value: unknown;
}

/** An HTTP request: the method upper-cased, header names lower-cased, every query value a list. */
export interface PactRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string>;
  body: PactBody | undefined;
}

/** An HTTP response: status, header names lower-cased, and the body when the pact has one. */
export interface PactResponse {
  status: number;
  headers: Record<string, string>;
  body: PactBody | undefined;
}

/** One request and the response the consumer expects. */
export interface HttpInteraction {
  kind: 'http';
  description: string;
  request: PactRequest;
  response: PactResponse;
}

/** One message the provider publishes and the consumer reads (V3 `messages`, V4 async). */
export interface MessageInteraction {
  kind: 'message';
  description: string;
  contents: PactBody | undefined;
  metadata: Record<string, unknown>;
}

/** A request message and the response messages expected for it (V4 `Synchronous/Messages`). */
export interface SyncMessageInteraction {
  kind: 'sync-message';
  description: string;
  request: MessageInteraction;
  responses: MessageInteraction[];
}

/** An interaction this reader does not model, with the reason (its type, or what is malformed). */
export interface UnsupportedInteraction {
  kind: 'unsupported';
  description: string;
  reason: string;
}

export type Interaction =
  HttpInteraction | MessageInteraction | SyncMessageInteraction | UnsupportedInteraction;

export type InteractionKind = Interaction['kind'];

/** A pact read from a file: who talks to whom, under which version, and every interaction. */
export interface Pact {
  consumer: string;
  provider: string;
  version: PactVersion;
  /** `metadata` when the file states its version, `inferred` when it was read from the shape. */
  versionSource: 'metadata' | 'inferred';
  interactions: Interaction[];
}

/** Why a file could not be read as a pact. */
export type PactProblemCode = 'unreadable' | 'not-json' | 'not-a-pact' | 'unknown-version';

/** A file that is not a pact we can read: what was expected and what arrived. */
export interface PactProblem {
  code: PactProblemCode;
  message: string;
}

/** A pact, or the problem that stopped it being read. */
export type PactResult = { ok: true; pact: Pact } | { ok: false; problem: PactProblem };
