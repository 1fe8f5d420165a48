import { randomBytes, randomUUID } from 'node:crypto';

import { createLogger } from '../../observability/logger.js';
import type { Consumer, Delivery } from '../bus.js';
import type { CloudEvent } from '../envelope.js';

/** A logger that writes nothing, for buses under test. */
export const silentLogger = createLogger('silent');

/** A stream name no other test uses. */
export function testStreamName(): string {
  return `JUNCTION_TEST_${randomBytes(6).toString('hex')}`;
}

/** A canonical-looking event of `type` about `subject`, with a fresh id. */
export function testEvent(type: string, subject = 'orders/ord_1', data: unknown = {}): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/junction/canonical-v1',
    type,
    subject,
    time: '2026-12-04T11:00:00.000Z',
    datacontenttype: 'application/json',
    correlationid: 'corr-1',
    dataschemaversion: '1.0.0',
    data,
  };
}

/** What a recording consumer saw: each event id with the attempt it came on. */
export interface Received {
  id: string;
  attempt: number;
}

/** A consumer that records every delivery and then runs `behave`, which may throw or wait. */
export function recordingConsumer(
  name: string,
  types: readonly string[],
  behave: (event: CloudEvent, delivery: Delivery) => Promise<void> = () => Promise.resolve(),
): Consumer & { received: Received[] } {
  const received: Received[] = [];
  return {
    name,
    types,
    received,
    async handle(event, delivery) {
      received.push({ id: event.id, attempt: delivery.attempt });
      await behave(event, delivery);
    },
  };
}

/** Resolves once `condition` holds, polling; rejects naming `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`expected ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
