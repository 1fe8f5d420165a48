import { randomBytes } from 'node:crypto';

import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  StorageType,
  type JetStreamClient,
} from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';

import type { CloudEvent } from '../../src/events/envelope.js';

/**
 * How the raw loop publishes each batch: all of it at once (`pipelined`), or the relay's way,
 * each subject's events one after another with `concurrency` subjects at a time (`per-subject`).
 */
export type RawMode = { kind: 'pipelined' } | { kind: 'per-subject'; concurrency: number };

/**
 * The baseline: the same events, as the same JSON, published to JetStream with a message id in
 * batches of `batchSize`, and consumed by one durable pull consumer that acks each, on a fresh
 * stream; no database. Returns the milliseconds from the first publish to the last event
 * consumed.
 */
export async function rawNatsRound(
  url: string,
  events: readonly CloudEvent[],
  batchSize: number,
  mode: RawMode,
): Promise<number> {
  const connection = await connect({ servers: url });
  const stream = `JUNCTION_BENCH_RAW_${randomBytes(4).toString('hex')}`;
  const jsm = await jetstreamManager(connection);
  try {
    await jsm.streams.add({
      name: stream,
      subjects: [`${stream}.events.>`],
      storage: StorageType.File,
      duplicate_window: nanos(2 * 60 * 60 * 1000),
    });
    await jsm.consumers.add(stream, {
      durable_name: 'bench',
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(30_000),
      max_ack_pending: 1024,
    });
    const js = jetstream(connection);
    const consumed = consumeAll(js, stream, events.length);
    const started = performance.now();
    const publish = (event: CloudEvent) =>
      js.publish(`${stream}.events.${event.type}`, JSON.stringify(event), { msgID: event.id });
    for (let start = 0; start < events.length; start += batchSize) {
      await publishBatch(events.slice(start, start + batchSize), mode, publish);
    }
    await consumed;
    return performance.now() - started;
  } finally {
    await jsm.streams.delete(stream).catch(() => false);
    await connection.close();
  }
}

async function publishBatch(
  batch: readonly CloudEvent[],
  mode: RawMode,
  publish: (event: CloudEvent) => Promise<unknown>,
): Promise<void> {
  if (mode.kind === 'pipelined') {
    await Promise.all(batch.map(publish));
    return;
  }
  const groups = new Map<string, CloudEvent[]>();
  for (const event of batch)
    groups.set(event.subject, [...(groups.get(event.subject) ?? []), event]);
  const queue = [...groups.values()];
  const worker = async () => {
    for (let group = queue.shift(); group !== undefined; group = queue.shift()) {
      for (const event of group) await publish(event);
    }
  };
  await Promise.all(Array.from({ length: mode.concurrency }, worker));
}

async function consumeAll(js: JetStreamClient, stream: string, count: number): Promise<void> {
  const consumer = await js.consumers.get(stream, 'bench');
  const messages = await consumer.consume({ max_messages: 256 });
  let seen = 0;
  for await (const msg of messages) {
    JSON.parse(msg.string());
    msg.ack();
    seen += 1;
    if (seen === count) break;
  }
  await messages.close();
}
