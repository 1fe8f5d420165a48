import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterEach, expect, it } from 'vitest';

import { withService } from '../../../test/services.js';
import type { EventBus } from '../bus.js';
import { createNatsBus, type NatsBusOptions } from './nats-bus.js';
import type { NatsDeadLetter } from './nats-consumer.js';
import { deleteNatsStream } from './nats-stream.js';
import {
  recordingConsumer,
  silentLogger,
  testEvent,
  testStreamName,
  waitUntil,
} from './test-support.js';

const CREATED = 'com.junction.canonical.order.created.v1';
const UPDATED = 'com.junction.canonical.order.updated.v1';
const CANCELLED = 'com.junction.canonical.order.cancelled.v1';

withService('NATS_URL', 'the NATS JetStream bus', (url) => {
  const opened: EventBus[] = [];
  const streams: string[] = [];

  async function openBus(options: Partial<NatsBusOptions> = {}): Promise<EventBus> {
    const stream = options.stream ?? testStreamName();
    if (!streams.includes(stream)) streams.push(stream);
    const bus = await createNatsBus({ url, stream, logger: silentLogger, ...options });
    opened.push(bus);
    return bus;
  }

  async function messagesIn(stream: string): Promise<number> {
    const connection = await connect({ servers: url });
    try {
      const info = await (await jetstreamManager(connection)).streams.info(stream);
      return info.state.messages;
    } finally {
      await connection.close();
    }
  }

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((bus) => bus.close()));
    await Promise.all(streams.splice(0).map((stream) => deleteNatsStream(url, stream)));
  });

  it('delivers a published event to a subscribed consumer on its first attempt', async () => {
    const bus = await openBus();
    const consumer = recordingConsumer('billing', []);
    await bus.subscribe(consumer);
    const event = testEvent(CREATED);

    await bus.publish(event);

    await waitUntil('one delivery', () => consumer.received.length === 1);
    expect(consumer.received).toStrictEqual([{ id: event.id, attempt: 1 }]);
  });

  it('delivers the event as it was published', async () => {
    const bus = await openBus();
    const seen: unknown[] = [];
    await bus.subscribe({
      name: 'archive',
      types: [],
      handle: (event) => Promise.resolve(void seen.push(event)),
    });
    const event = testEvent(CREATED, 'orders/ord_7', { orderNumber: 'SO-7', total: 12.5 });

    await bus.publish(event);

    await waitUntil('one delivery', () => seen.length === 1);
    expect(seen).toStrictEqual([event]);
  });

  it('delivers to each consumer only the types it asks for, and every type for none', async () => {
    const bus = await openBus();
    const created = recordingConsumer('created-only', [CREATED]);
    const two = recordingConsumer('created-and-cancelled', [CREATED, CANCELLED]);
    const all = recordingConsumer('everything', []);
    for (const consumer of [created, two, all]) await bus.subscribe(consumer);
    const events = [testEvent(CREATED), testEvent(UPDATED), testEvent(CANCELLED)];

    for (const event of events) await bus.publish(event);

    await waitUntil('every delivery', () => all.received.length === 3 && two.received.length === 2);
    const ids = (consumer: { received: { id: string }[] }) => consumer.received.map((r) => r.id);
    expect({ created: ids(created), two: ids(two), all: ids(all) }).toStrictEqual({
      created: [events[0]?.id],
      two: [events[0]?.id, events[2]?.id],
      all: events.map((event) => event.id),
    });
  });

  it('stores an event re-published with the same id once and delivers it once', async () => {
    const stream = testStreamName();
    const bus = await openBus({ stream });
    const consumer = recordingConsumer('billing', []);
    await bus.subscribe(consumer);
    const event = testEvent(CREATED);
    const marker = testEvent(UPDATED);

    await bus.publish(event);
    await bus.publish(event);
    await bus.publish(marker);

    await waitUntil('the marker', () => consumer.received.some((r) => r.id === marker.id));
    expect(consumer.received).toStrictEqual([
      { id: event.id, attempt: 1 },
      { id: marker.id, attempt: 1 },
    ]);
    expect(await messagesIn(stream)).toBe(2);
  });

  it('delivers an event again after its handler fails, with a rising attempt', async () => {
    const bus = await openBus({ redelivery: { retryDelayMs: 50 } });
    const consumer = recordingConsumer('flaky', [], (_event, { attempt }) =>
      attempt < 3 ? Promise.reject(new Error('billing system unavailable')) : Promise.resolve(),
    );
    await bus.subscribe(consumer);
    const event = testEvent(CREATED);

    await bus.publish(event);

    await waitUntil('three deliveries', () => consumer.received.length === 3);
    expect(consumer.received).toStrictEqual([
      { id: event.id, attempt: 1 },
      { id: event.id, attempt: 2 },
      { id: event.id, attempt: 3 },
    ]);
  });

  it('delivers an event again when its handler outlasts the ack wait', async () => {
    const bus = await openBus({ redelivery: { ackWaitMs: 1_000 } });
    const consumer = recordingConsumer('slow', [], (_event, { attempt }) =>
      attempt === 1 ? new Promise((resolve) => setTimeout(resolve, 2_500)) : Promise.resolve(),
    );
    await bus.subscribe(consumer);
    const event = testEvent(CREATED);

    await bus.publish(event);

    // Every ack wait that passes while the handler runs adds one more delivery.
    await waitUntil('a second delivery', () => consumer.received.length >= 2);
    expect(consumer.received.slice(0, 2)).toStrictEqual([
      { id: event.id, attempt: 1 },
      { id: event.id, attempt: 2 },
    ]);
  });

  it('dead-letters an event whose handler fails on every delivery, then stops delivering it', async () => {
    const letters: NatsDeadLetter[] = [];
    const stream = testStreamName();
    const bus = await openBus({
      stream,
      redelivery: { maxDeliveries: 3, retryDelayMs: 50 },
      onDeadLetter: (letter) => Promise.resolve(void letters.push(letter)),
    });
    const consumer = recordingConsumer('doomed', [CREATED], () =>
      Promise.reject(new Error('expected an account number, got none')),
    );
    await bus.subscribe(consumer);
    const event = testEvent(CREATED);
    const marker = testEvent(CREATED);

    await bus.publish(event);
    await waitUntil('a dead letter', () => letters.length === 1);
    await bus.publish(marker);
    await waitUntil('the second dead letter', () => letters.length === 2, 60_000);

    expect(letters[0]).toStrictEqual({
      consumer: 'doomed',
      eventId: event.id,
      eventType: CREATED,
      payload: event,
      reason: 'consumer "doomed" failed 3 times; last: expected an account number, got none',
      deliveries: 3,
    });
    expect(consumer.received.filter((r) => r.id === event.id)).toStrictEqual([
      { id: event.id, attempt: 1 },
      { id: event.id, attempt: 2 },
      { id: event.id, attempt: 3 },
    ]);
  });

  it('dead-letters at once an event the schema check refuses, without running the handler', async () => {
    const letters: NatsDeadLetter[] = [];
    const bus = await openBus({
      checkEvent: (event) => (event.type === CANCELLED ? 'data/reason is required' : undefined),
      onDeadLetter: (letter) => Promise.resolve(void letters.push(letter)),
    });
    const consumer = recordingConsumer('checked', []);
    await bus.subscribe(consumer);
    const refused = testEvent(CANCELLED);
    const accepted = testEvent(CREATED);

    await bus.publish(refused);
    await bus.publish(accepted);

    await waitUntil('the accepted event', () => consumer.received.length === 1);
    await waitUntil('the dead letter', () => letters.length === 1);
    expect({ letters, received: consumer.received }).toStrictEqual({
      letters: [
        {
          consumer: 'checked',
          eventId: refused.id,
          eventType: CANCELLED,
          payload: refused,
          reason: 'the event breaks its schema: data/reason is required',
          deliveries: 1,
        },
      ],
      received: [{ id: accepted.id, attempt: 1 }],
    });
  });

  it('resumes a durable consumer where it left off after the bus is closed and reopened', async () => {
    const stream = testStreamName();
    const first = await openBus({ stream });
    const before = recordingConsumer('ledger', []);
    await first.subscribe(before);
    const seen = testEvent(CREATED);
    await first.publish(seen);
    await waitUntil('the first event', () => before.received.length === 1);
    await first.close();

    const publisher = await openBus({ stream });
    const missed = [testEvent(UPDATED), testEvent(CANCELLED)];
    for (const event of missed) await publisher.publish(event);
    const second = await openBus({ stream });
    const after = recordingConsumer('ledger', []);
    await second.subscribe(after);

    await waitUntil('the missed events', () => after.received.length === 2);
    expect(after.received).toStrictEqual(missed.map((event) => ({ id: event.id, attempt: 1 })));
  });

  it('delivers the new types to a durable consumer that subscribes again with other types', async () => {
    const stream = testStreamName();
    const first = await openBus({ stream });
    await first.subscribe(recordingConsumer('switching', [CREATED]));
    await first.close();
    const second = await openBus({ stream });
    const consumer = recordingConsumer('switching', [UPDATED]);
    await second.subscribe(consumer);
    const events = [testEvent(CREATED), testEvent(UPDATED)];

    for (const event of events) await second.publish(event);

    await waitUntil('the updated event', () => consumer.received.length === 1);
    expect(consumer.received).toStrictEqual([{ id: events[1]?.id, attempt: 1 }]);
  });

  it('delivers the events of one subject to one consumer in publish order', async () => {
    const bus = await openBus();
    const consumer = recordingConsumer('ordered', []);
    await bus.subscribe(consumer);
    const events = Array.from({ length: 50 }, (_, i) =>
      testEvent(i % 2 === 0 ? CREATED : UPDATED, 'orders/ord_9', { step: i }),
    );

    for (const event of events) await bus.publish(event);

    await waitUntil('every event', () => consumer.received.length === 50);
    expect(consumer.received.map((r) => r.id)).toStrictEqual(events.map((event) => event.id));
  });

  it('refuses to publish an event whose type is no subject', async () => {
    const bus = await openBus();

    await expect(bus.publish(testEvent('com.junction.*'))).rejects.toThrow(
      new Error(
        'expected an event type of dot-separated letters, digits, "_" or "-", ' +
          'got "com.junction.*"; use a reverse-DNS type such as ' +
          'com.junction.canonical.order.created.v1',
      ),
    );
  });

  it('refuses to subscribe once the bus is closed', async () => {
    const bus = await openBus();
    await bus.close();

    await expect(bus.subscribe(recordingConsumer('late', []))).rejects.toThrow(
      new Error('expected an open NATS bus, but it was closed'),
    );
  });
});
