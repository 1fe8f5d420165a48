import type { Direction, Finding } from '../model.js';
import type { DiffContext } from './context.js';
import type { Json } from './refs.js';
import { follow, isObject, objectOf, sameJson, stringOf } from './refs.js';
import { finding } from './rules.js';
import type { MessageView } from './view.js';

/** Where a list of messages sits and which way its messages travel. */
export interface MessageListPlace {
  /** `operation <id>` or `operation <id> reply`. */
  location: string;
  operation: string;
  direction: Direction;
}

/**
 * Compares the messages an operation carries, matched by name: a removed one breaks its readers
 * or writers, an added one is judged by direction, a kept one is compared part by part.
 */
export function diffMessageList(
  ctx: DiffContext,
  base: MessageView[],
  revision: MessageView[],
  place: MessageListPlace,
): Finding[] {
  const findings: Finding[] = [];
  for (const message of base) {
    const kept = revision.find((candidate) => sameMessage(candidate, message));
    if (kept) findings.push(...diffMessage(ctx, message, kept, place));
    else findings.push(listChange('message-removed', message, place, 'no longer carries'));
  }
  const added = place.direction === 'request' ? 'message-added' : 'sent-message-added';
  for (const message of revision.filter((m) => !base.some((b) => sameMessage(b, m)))) {
    findings.push(listChange(added, message, place, 'now carries'));
  }
  return findings;
}

/** The same message: the same id in the operation, or the same shared component (2.x to 3.x). */
function sameMessage(left: MessageView, right: MessageView): boolean {
  return left.name === right.name || left.label === right.label;
}

function listChange(
  rule: 'message-removed' | 'message-added' | 'sent-message-added',
  message: MessageView,
  place: MessageListPlace,
  verb: string,
): Finding {
  const text = `${capitalise(place.location)} ${verb} message '${message.name}'.`;
  return finding(rule, `${place.location} message ${message.name}`, text, place.operation);
}

/** Compares one message kept by an operation, once per direction it travels in. */
function diffMessage(
  ctx: DiffContext,
  base: MessageView,
  revision: MessageView,
  place: MessageListPlace,
): Finding[] {
  const key = `${place.direction} ${base.identity} ${revision.identity}`;
  if (ctx.judged.has(key)) return [];
  ctx.judged.add(key);
  const where = `message ${base.label}`;
  return [
    ...diffContentType(ctx, base, revision, where, place.operation),
    ...diffCorrelationId(ctx, base, revision, where, place.operation),
    ...diffBindings(ctx, base, revision, where, place.operation),
    ...diffPayload(ctx, base, revision, where, place),
    ...diffHeaders(ctx, base, revision, where, place),
  ];
}

function diffContentType(
  ctx: DiffContext,
  base: MessageView,
  revision: MessageView,
  where: string,
  operation: string,
): Finding[] {
  const before = stringOf(base.message.contentType) ?? ctx.base.defaultContentType;
  const after = stringOf(revision.message.contentType) ?? ctx.revision.defaultContentType;
  if (before === after) return [];
  const text = `Message '${base.label}' changed content type ${fromTo(before, after)}.`;
  return [finding('message-content-type-changed', `${where} content type`, text, operation)];
}

function diffCorrelationId(
  ctx: DiffContext,
  base: MessageView,
  revision: MessageView,
  where: string,
  operation: string,
): Finding[] {
  const before = correlationLocation(ctx.base.document, base.message);
  const after = correlationLocation(ctx.revision.document, revision.message);
  if (before === after) return [];
  const text = `Message '${base.label}' moved its correlation id ${fromTo(before, after)}.`;
  return [finding('message-correlation-id-changed', `${where} correlation id`, text, operation)];
}

function correlationLocation(document: unknown, message: Json): string | undefined {
  return stringOf(objectOf(follow(document, message.correlationId).value).location);
}

function diffBindings(
  ctx: DiffContext,
  base: MessageView,
  revision: MessageView,
  where: string,
  operation: string,
): Finding[] {
  const before = follow(ctx.base.document, base.message.bindings).value;
  const after = follow(ctx.revision.document, revision.message.bindings).value;
  if (sameJson(before, after)) return [];
  const text = `The bindings of message '${base.label}' changed.`;
  return [finding('bindings-changed', `${where} bindings`, text, operation)];
}

function diffPayload(
  ctx: DiffContext,
  base: MessageView,
  revision: MessageView,
  where: string,
  place: MessageListPlace,
): Finding[] {
  const before = payloadOf(base.message);
  const after = payloadOf(revision.message);
  if (before.format !== after.format) {
    const change = fromTo(before.format, after.format);
    const text = `Message '${base.label}' changed payload format ${change}.`;
    return [finding('message-schema-format-changed', `${where} payload`, text, place.operation)];
  }
  if (before.format !== JSON_SCHEMA) return [];
  return compare(ctx, before.schema, after.schema, 'message-payload', `${where} payload`, place);
}

function diffHeaders(
  ctx: DiffContext,
  base: MessageView,
  revision: MessageView,
  where: string,
  place: MessageListPlace,
): Finding[] {
  const before = base.message.headers;
  const after = revision.message.headers;
  return compare(ctx, before, after, 'message-headers', `${where} headers`, place);
}

function compare(
  ctx: DiffContext,
  before: unknown,
  after: unknown,
  subject: string,
  location: string,
  place: MessageListPlace,
): Finding[] {
  if (before === undefined && after === undefined) return [];
  return ctx.compareSchemas(objectOf(before), objectOf(after), {
    direction: place.direction,
    subject,
    location,
    operation: place.operation,
    baseDocument: ctx.base.document,
    revisionDocument: ctx.revision.document,
  });
}

const JSON_SCHEMA = 'JSON Schema';

/** A payload is JSON Schema unless its format says otherwise (2.x `schemaFormat`, 3.x schema). */
function payloadOf(message: Json): { format: string; schema: unknown } {
  const payload = message.payload;
  const multiFormat = isObject(payload) && 'schemaFormat' in payload && 'schema' in payload;
  const format = stringOf(multiFormat ? payload.schemaFormat : message.schemaFormat);
  return {
    format: format === undefined || JSON_SCHEMA_FORMAT.test(format) ? JSON_SCHEMA : format,
    schema: multiFormat ? payload.schema : payload,
  };
}

/** AsyncAPI Schema and JSON Schema formats, whatever version they name. */
const JSON_SCHEMA_FORMAT = /^application\/(vnd\.aai\.asyncapi|schema)(\+json|\+yaml)?(;|$)/;

function fromTo(before: string | undefined, after: string | undefined): string {
  return `from ${quote(before)} to ${quote(after)}`;
}

function quote(value: string | undefined): string {
  return value === undefined ? 'none' : `'${value}'`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
