/**
 * The vocabulary every breaking-change check speaks: OpenAPI and AsyncAPI documents, request and
 * response bodies, parameters and message payloads all report `Finding`s from one catalogue of
 * rules, so one report, one exit code and one accuracy table cover them all.
 */

/** How bad a change is for the consumers of an API. */
export type Level = 'error' | 'warning' | 'info';

/**
 * Which way data flows past the change. `request`: a client (or a message publisher) writes it
 * and the provider reads it, so narrowing breaks writers. `response`: the provider (or a message
 * producer) writes it and clients read it, so widening or removing breaks readers.
 */
export type Direction = 'request' | 'response';

/** One change between the base and the revision, judged by one rule. */
export interface Finding {
  /** Stable rule id from the catalogue, e.g. `request-property-required-added`. */
  rule: string;
  level: Level;
  /** One sentence a reviewer can act on, naming the old and the new value where there are any. */
  message: string;
  /**
   * Where the change is, as a reader would look for it: `POST /orders`, `channel orders.created`,
   * followed by the part: `request body /items/price`, `parameter query limit`, `response 200`.
   */
  location: string;
  /** The operation (OpenAPI operationId or AsyncAPI operation id) the change belongs to, if any. */
  operation?: string;
}

/** A JSON Schema object as it appears in an OpenAPI or AsyncAPI document, `$ref`s included. */
export type SchemaObject = Record<string, unknown>;

/**
 * What a schema comparison needs besides the two schemas. `$ref`s are resolved against the
 * document each schema came from, never compared as text.
 */
export interface SchemaComparison {
  direction: Direction;
  /**
   * The rule-id prefix for a change at the root of the schema: `request-body`,
   * `request-parameter`, `response-body`, `response-header`, `message-payload`, `message-headers`.
   * A change below the root uses the matching property prefix (`request-property`,
   * `response-property`, `message-property`).
   */
  subject: string;
  /** Prefix for every finding's `location`, e.g. `POST /orders request body`. */
  location: string;
  operation?: string;
  /** The whole base document, to resolve `$ref`s in `base`. */
  baseDocument: unknown;
  /** The whole revision document, to resolve `$ref`s in `revision`. */
  revisionDocument: unknown;
}

/** What the diff of two whole documents found. */
export interface DiffReport {
  /** `openapi` or `asyncapi`. */
  kind: 'openapi' | 'asyncapi';
  base: { source: string; version: string | undefined };
  revision: { source: string; version: string | undefined };
  findings: Finding[];
  /** True when `info.version`'s major went up, which admits errors. */
  majorVersionBumped: boolean;
}

/**
 * A document the diff cannot read: missing, not YAML or JSON, not OpenAPI or AsyncAPI, or an
 * unsupported version. The CLI exits 2 on it, apart from exit 1 for "breaking changes found".
 */
export class DiffInputError extends Error {
  constructor(
    readonly source: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${source}: ${message}`, options);
    this.name = 'DiffInputError';
  }
}
