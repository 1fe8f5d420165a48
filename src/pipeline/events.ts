import { Parser } from '@asyncapi/parser';
import openapiTS, { astToString } from 'openapi-typescript';

import { StageFailure } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import { resolvePointer } from './document.js';
import { generatedHeader } from './header.js';
import { locatePointer } from './locate.js';

/** A bundled AsyncAPI document, kept as plain JSON. */
export type AsyncApiDocument = Record<string, unknown> & { asyncapi: string };

/** One message of an AsyncAPI document, as the catalog lists it. */
export interface EventEntry {
  message: string;
  title: string;
  channel: string;
  address: string;
  action: string;
  type?: string;
}

/**
 * Validates an AsyncAPI document with the AsyncAPI parser. Throws a StageFailure with every
 * error-level diagnostic, located in `sourceFile`.
 */
export async function validateAsyncApi(
  document: AsyncApiDocument,
  sourceFile: string,
): Promise<void> {
  const parser = new Parser();
  const results = await parser.validate(JSON.stringify(document));
  const errors: Diagnostic[] = results
    .filter((result) => Number(result.severity) === 0) // 0 is Spectral's error severity
    .map((result) => {
      const pointer = '#/' + result.path.map(String).join('/');
      return {
        rule: String(result.code),
        severity: 'error',
        message: result.message,
        location: locatePointer(sourceFile, pointer),
      };
    });
  if (errors.length > 0) throw new StageFailure('validate', errors);
}

/**
 * Generates TypeScript types of every schema and message payload in an AsyncAPI document.
 * Payloads are named after their message (`OrganizationCreated`), schemas keep their names.
 */
export async function generateEventTypes(
  document: AsyncApiDocument,
  label: string,
): Promise<string> {
  const components = (document.components ?? {}) as Record<string, Record<string, unknown>>;
  const schemas: Record<string, unknown> = { ...(components.schemas ?? {}) };
  const payloads: Record<string, unknown> = {};
  for (const [name, message] of Object.entries(components.messages ?? {})) {
    const payload = (message as { payload?: unknown }).payload;
    if (payload !== undefined) payloads[name] = payload;
  }
  const synthetic = {
    openapi: '3.1.0',
    info: { title: 'events', version: '1' },
    paths: {},
    components: { schemas: { ...schemas, ...prefixKeys(payloads) } },
  };
  const rewritten = JSON.parse(
    JSON.stringify(synthetic).replace(
      /#\/components\/messages\/([^"/]+)\/payload/g,
      '#/components/schemas/$1Payload',
    ),
  ) as object;
  const nodes = await openapiTS(rewritten as never, {
    silent: true,
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
  });
  return generatedHeader(label) + astToString(nodes);
}

/** Lists the messages each operation sends or receives, in document order. */
export function listEvents(document: AsyncApiDocument): EventEntry[] {
  const events: EventEntry[] = [];
  for (const operation of Object.values(
    (document.operations ?? {}) as Record<string, Record<string, unknown>>,
  )) {
    const channel = follow(document, operation.channel) as Record<string, unknown> | undefined;
    const channelRef = (operation.channel as { $ref?: string } | undefined)?.$ref ?? '';
    const messages = (operation.messages ?? Object.values(channel?.messages ?? {})) as unknown[];
    for (const raw of messages) {
      const message = follow(document, raw) as Record<string, unknown> | undefined;
      if (!message) continue;
      const ref = (raw as { $ref?: string }).$ref ?? '';
      events.push({
        message: text(message.name) || (ref.split('/').pop() ?? 'message'),
        title: text(message.title) || text(message.summary),
        channel: channelRef.split('/').pop() ?? '',
        address: text(channel?.address),
        action: text(operation.action),
        ...eventType(document, message),
      });
    }
  }
  return events;
}

function eventType(
  document: AsyncApiDocument,
  message: Record<string, unknown>,
): { type?: string } {
  const payload = follow(document, message.payload) as Record<string, unknown> | undefined;
  const parts = [
    payload,
    ...((payload?.allOf as unknown[]) ?? []).map((part) => follow(document, part)),
  ];
  for (const part of parts) {
    const type = (part as { properties?: { type?: { const?: unknown } } })?.properties?.type?.const;
    if (typeof type === 'string') return { type };
  }
  return {};
}

function follow(document: AsyncApiDocument, value: unknown): unknown {
  let current = value;
  for (
    let hops = 0;
    hops < 16 && typeof current === 'object' && current !== null && '$ref' in current;
    hops++
  ) {
    current = resolvePointer(document, String(current.$ref));
  }
  return current;
}

function prefixKeys(payloads: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(payloads).map(([name, schema]) => [`${name}Payload`, schema]),
  );
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
