import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CloudEvent } from '../../src/events/envelope.js';

const BUNDLE = join(
  import.meta.dirname,
  '..',
  '..',
  'generated',
  'canonical-events-v1',
  'asyncapi.json',
);

interface Bundle {
  components: { messages: Record<string, { examples?: { payload: CloudEvent }[] }> };
}

/** How many orders the events are about: the relay publishes the events of one in order. */
export const BENCH_SUBJECTS = 20;

/**
 * `count` order-created events that follow their AsyncAPI schema (the spec's own example, each
 * with a fresh id) about `BENCH_SUBJECTS` orders, so the relay publishes them all and the raw loop
 * moves the same bytes.
 */
export function benchEvents(count: number): CloudEvent[] {
  const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Bundle;
  const example = bundle.components.messages.OrderCreated?.examples?.[0]?.payload;
  if (example === undefined) throw new Error(`expected an OrderCreated example in ${BUNDLE}`);
  const orders = Array.from({ length: BENCH_SUBJECTS }, () => randomUUID());
  return Array.from({ length: count }, (_, i) => {
    const order = orders[i % BENCH_SUBJECTS] ?? randomUUID();
    const data = { ...(example.data as Record<string, unknown>), id: order };
    return { ...example, id: randomUUID(), subject: `orders/${order}`, data };
  });
}
