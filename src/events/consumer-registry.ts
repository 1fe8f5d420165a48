import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Consumer, EventBus, Subscription } from './bus.js';

/** The document that declares the runtime's consumers, as users find it. */
export const CONSUMERS_SPEC = 'specs/asyncapi/integration/v1/asyncapi.yaml';

/** Where `junction generate` bundles it. */
const CONSUMERS_BUNDLE = join('generated', 'integration-events-v1', 'asyncapi.json');

/** The receive operations of the consumers document: operationId -> the event types it receives. */
export type ConsumerDeclarations = ReadonlyMap<string, readonly string[]>;

interface BundledMessage {
  payload?: { allOf?: { properties?: { type?: { const?: unknown } } }[] };
}
interface BundledDocument {
  channels?: Record<string, { messages?: Record<string, BundledMessage> }>;
  operations?: Record<string, { action?: string; channel?: { $ref?: string } }>;
}

/** Reads the receive operations of the bundled consumers document under `projectDir`. */
export function loadConsumerDeclarations(projectDir: string): ConsumerDeclarations {
  const file = join(projectDir, CONSUMERS_BUNDLE);
  if (!existsSync(file))
    throw new Error(`expected ${file} bundled from ${CONSUMERS_SPEC}; run junction generate`);
  return declarationsOf(JSON.parse(readFileSync(file, 'utf8')) as BundledDocument);
}

/** The receive operations of a bundled AsyncAPI 3 document and the CloudEvents types of each. */
export function declarationsOf(document: BundledDocument): ConsumerDeclarations {
  const declarations = new Map<string, readonly string[]>();
  for (const [operationId, operation] of Object.entries(document.operations ?? {})) {
    if (operation.action !== 'receive') continue;
    const channel = operation.channel?.$ref?.replace(/^#\/channels\//, '') ?? '';
    const messages = Object.values(document.channels?.[channel]?.messages ?? {});
    declarations.set(operationId, messages.flatMap(typesOf));
  }
  return declarations;
}

function typesOf(message: BundledMessage): string[] {
  const types = (message.payload?.allOf ?? []).map((part) => part.properties?.type?.const);
  return types.filter((type): type is string => typeof type === 'string');
}

/** A bus whose consumers are the receive operations of the consumers document. */
export interface DeclaredBus extends EventBus {
  /** The declared operations no consumer has subscribed to yet. */
  unconsumed(): string[];
  /** The consumer subscribed under `name` in this process, or undefined. */
  consumer(name: string): Consumer | undefined;
}

/**
 * Wraps `bus` so each consumer binds to the receive operation named like it: `subscribe` throws
 * when no operation has the consumer's name or the consumer asks for a type its operation does
 * not receive; a consumer with no types of its own receives those of its operation.
 */
export function createDeclaredBus(bus: EventBus, declarations: ConsumerDeclarations): DeclaredBus {
  const subscribed = new Map<string, Consumer>();
  return {
    kind: bus.kind,
    publish: (event) => bus.publish(event),
    close: () => bus.close(),
    async subscribe(consumer): Promise<Subscription> {
      const declared = declarations.get(consumer.name);
      if (declared === undefined) {
        throw new Error(
          `expected a receive operation "${consumer.name}" in ${CONSUMERS_SPEC} for the consumer ` +
            `of that name, got none; declare the operation or rename the consumer`,
        );
      }
      const undeclared = consumer.types.filter((type) => !declared.includes(type));
      if (undeclared.length > 0) {
        throw new Error(
          `expected consumer "${consumer.name}" to receive only what its operation in ` +
            `${CONSUMERS_SPEC} receives, got ${undeclared.join(', ')}; add the channel to the operation`,
        );
      }
      const bound: Consumer = {
        name: consumer.name,
        types: consumer.types.length > 0 ? consumer.types : declared,
        handle: (event, delivery) => consumer.handle(event, delivery),
      };
      const subscription = await bus.subscribe(bound);
      subscribed.set(consumer.name, bound);
      return {
        stop: async () => {
          subscribed.delete(consumer.name);
          await subscription.stop();
        },
      };
    },
    unconsumed: () =>
      [...declarations.keys()].filter((operationId) => !subscribed.has(operationId)),
    consumer: (name) => subscribed.get(name),
  };
}

/** Throws one line naming the declared operations no consumer subscribed to. */
export function assertEveryOperationConsumed(bus: DeclaredBus): void {
  const missing = bus.unconsumed();
  if (missing.length === 0) return;
  const names = missing.map((name) => `"${name}"`).join(', ');
  throw new Error(
    `expected a consumer for every receive operation in ${CONSUMERS_SPEC}, got none for ` +
      `${names}; subscribe a consumer of that name or remove the operation`,
  );
}
