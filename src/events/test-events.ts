import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CloudEvent } from './envelope.js';

const BUNDLE = join(
  import.meta.dirname,
  '..',
  '..',
  'generated',
  'canonical-events-v1',
  'asyncapi.json',
);

interface Bundle {
  components: {
    messages: Record<string, { examples: { payload: CloudEvent<Record<string, unknown>> }[] }>;
  };
}

let example: CloudEvent<Record<string, unknown>> | undefined;

/**
 * An `order.created` event that follows its AsyncAPI schema: the example of the canonical
 * document with the given id, about the order whose id `uuidOf(order)` gives; for tests of the
 * event flow.
 */
export function orderCreatedEvent(id: string, order = id): CloudEvent {
  example ??= readExample();
  const orderId = uuidOf(order);
  return { ...example, id, subject: `orders/${orderId}`, data: { ...example.data, id: orderId } };
}

/** A UUID-shaped id that is always the same for `name`. */
export function uuidOf(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function readExample(): CloudEvent<Record<string, unknown>> {
  const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Bundle;
  const payload = bundle.components.messages.OrderCreated?.examples[0]?.payload;
  if (payload === undefined) throw new Error(`expected an OrderCreated example in ${BUNDLE}`);
  return payload;
}

/** Polls `condition` every 20 ms until it holds; throws after `timeoutMs` naming `what`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`expected ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
