import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { EventBus } from '../bus.js';
import { createNatsBus } from './nats-bus.js';
import { startTestNatsServer, type TestNatsServer } from './test-nats-server.js';
import {
  recordingConsumer,
  silentLogger,
  testEvent,
  testStreamName,
  waitUntil,
} from './test-support.js';

const CREATED = 'com.junction.canonical.order.created.v1';

/** Publishes until one succeeds, as the outbox relay retries a row; returns the failures. */
async function publishUntilAccepted(bus: EventBus, event: ReturnType<typeof testEvent>) {
  let failures = 0;
  await waitUntil(
    'a publish to succeed once the server is back',
    () =>
      bus.publish(event).then(
        () => true,
        () => (failures++, false),
      ),
    60_000,
  );
  return failures;
}

describe('the NATS bus while the server is unreachable', () => {
  let server: TestNatsServer;
  let bus: EventBus;
  const stream = testStreamName();

  beforeAll(async () => {
    server = await startTestNatsServer();
    bus = await createNatsBus({
      url: server.url,
      stream,
      logger: silentLogger,
      publishTimeoutMs: 500,
      reconnectWaitMs: 100,
    });
  });

  afterAll(async () => {
    await bus.close();
    await server.remove();
  });

  it('refuses to open while the server is down, naming the server without its credentials', async () => {
    const down = await startTestNatsServer();
    await down.remove();
    const url = down.url.replace('nats://', 'nats://app:secret@');

    await expect(
      createNatsBus({ url, stream: testStreamName(), logger: silentLogger }),
    ).rejects.toThrow(
      new Error(
        `expected a NATS server at "${down.url}", but connecting failed; start it or unset NATS_URL`,
      ),
    );
  });

  it('rejects a publish, then delivers again by itself once the server is back', async () => {
    const consumer = recordingConsumer('billing', []);
    await bus.subscribe(consumer);
    const before = testEvent(CREATED);
    await bus.publish(before);
    await waitUntil('the event before the outage', () => consumer.received.length === 1);

    await server.kill();
    const during = testEvent(CREATED);
    const refused = await bus.publish(during).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toStrictEqual(
      new Error(
        `expected JetStream to store event "${during.id}" on "${stream}.events.${CREATED}" ` +
          'within 500 ms, but the publish failed; publish it again later',
      ),
    );

    await server.start();
    await publishUntilAccepted(bus, during);
    const after = testEvent(CREATED);
    await bus.publish(after);

    await waitUntil('the events after the outage', () => consumer.received.length === 3);
    expect(consumer.received).toStrictEqual(
      [before, during, after].map((event) => ({ id: event.id, attempt: 1 })),
    );
  });
});
