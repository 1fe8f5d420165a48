import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

import type { Logger } from '../../observability/logger.js';
import type { EventBus, Subscription } from '../bus.js';
import type { CloudEvent } from '../envelope.js';
import { eventSubject } from './names.js';
import {
  subscribeConsumer,
  type ConsumerContext,
  type DeadLetterHandler,
  type RedeliveryPolicy,
} from './nats-consumer.js';
import { ensureStream } from './nats-stream.js';

/** Where the NATS bus connects, which stream it uses, and how it treats failing consumers. */
export interface NatsBusOptions {
  /** `nats://host:port`, or several separated by commas. */
  url: string;
  /** The deployment's stream (see `natsStreamName`); created or updated on start. */
  stream: string;
  logger: Logger;
  /** Called with an event a consumer gave up on; without it the event is logged as an error. */
  onDeadLetter?: DeadLetterHandler;
  /**
   * The reason an arriving event must not reach consumers (`checkEvent` of the AsyncAPI schemas),
   * or undefined; such an event is dead-lettered at once. Every event is delivered unless set.
   */
  checkEvent?: (event: CloudEvent) => string | undefined;
  /** The longest wait for JetStream to acknowledge a publish; 5 s unless set. */
  publishTimeoutMs?: number;
  /** The wait between two reconnect attempts while the server is unreachable; 1 s unless set. */
  reconnectWaitMs?: number;
  /** Overrides of the redelivery defaults: 5 deliveries, 30 s ack wait, 1 s to 60 s backoff. */
  redelivery?: Partial<RedeliveryPolicy>;
}

const DEFAULT_REDELIVERY: RedeliveryPolicy = {
  maxDeliveries: 5,
  ackWaitMs: 30_000,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 60_000,
};

/**
 * Connects to NATS, creates or updates the stream, and returns a bus whose `publish` resolves once
 * JetStream has stored the event (a re-published id within the duplicate window is stored once)
 * and rejects within the publish timeout while the server is unreachable. The connection
 * reconnects by itself for as long as the bus is open. Rejects when the first connect fails.
 * @example
 * const bus = await createNatsBus({ url: 'nats://127.0.0.1:4222', stream: 'JUNCTION_dev', logger });
 */
export async function createNatsBus(options: NatsBusOptions): Promise<EventBus> {
  const connection = await connect({
    servers: options.url.split(','),
    name: `junction ${options.stream}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectWaitMs ?? 1_000,
    timeout: 5_000,
  }).catch((err: unknown) => {
    // Credentials in the URL stay out of the message.
    const servers = options.url.replace(/\/\/[^@/]*@/g, '//');
    throw new Error(
      `expected a NATS server at "${servers}", but connecting failed; start it or unset NATS_URL`,
      { cause: err },
    );
  });
  const logger = options.logger.child({ bus: 'nats', stream: options.stream });
  try {
    return await openBus(connection, options, logger);
  } catch (err) {
    await connection.close();
    throw err;
  }
}

async function openBus(
  connection: NatsConnection,
  options: NatsBusOptions,
  logger: Logger,
): Promise<EventBus> {
  const { stream } = options;
  const publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
  const jsm = await jetstreamManager(connection, { timeout: publishTimeoutMs });
  await ensureStream(jsm, stream);
  const js = jetstream(connection, { timeout: publishTimeoutMs });
  void watchStatus(connection, logger);

  const context: ConsumerContext = {
    js,
    jsm,
    stream,
    policy: { ...DEFAULT_REDELIVERY, ...options.redelivery },
    multipleFilters: serverAtLeast(connection, 2, 10),
    logger,
    onDeadLetter: options.onDeadLetter ?? logDeadLetter(logger),
    checkEvent: options.checkEvent ?? (() => undefined),
  };
  const subscriptions = new Set<Subscription>();
  let closing: Promise<void> | undefined;

  return {
    kind: 'nats',
    async publish(event: CloudEvent) {
      const subject = eventSubject(stream, event.type);
      const payload = JSON.stringify(event);
      try {
        await js.publish(subject, payload, { msgID: event.id, timeout: publishTimeoutMs });
      } catch (err) {
        throw new Error(
          `expected JetStream to store event "${event.id}" on "${subject}" within ` +
            `${publishTimeoutMs} ms, but the publish failed; publish it again later`,
          { cause: err },
        );
      }
    },
    async subscribe(consumer) {
      if (closing !== undefined) throw new Error('expected an open NATS bus, but it was closed');
      const subscription = await subscribeConsumer(context, consumer);
      subscriptions.add(subscription);
      return {
        stop: async () => {
          subscriptions.delete(subscription);
          await subscription.stop();
        },
      };
    },
    close: () => (closing ??= closeBus(connection, subscriptions)),
  };
}

/** Stops every consumer (unstarted deliveries go back to JetStream), then drains the connection. */
async function closeBus(connection: NatsConnection, subscriptions: Set<Subscription>) {
  await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
  subscriptions.clear();
  if (connection.isClosed()) return;
  await connection.drain();
}

async function watchStatus(connection: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of connection.status()) {
    if (status.type === 'disconnect') logger.warn({ server: status.server }, 'nats disconnected');
    if (status.type === 'reconnect') logger.info({ server: status.server }, 'nats reconnected');
  }
}

function serverAtLeast(connection: NatsConnection, major: number, minor: number): boolean {
  const [serverMajor = 0, serverMinor = 0] = (connection.info?.version ?? '0.0')
    .split('.')
    .map(Number);
  return serverMajor > major || (serverMajor === major && serverMinor >= minor);
}

function logDeadLetter(logger: Logger): DeadLetterHandler {
  return (letter) => {
    const { consumer, eventId, eventType, reason, deliveries } = letter;
    logger.error({ consumer, eventId, eventType, reason, deliveries }, 'event dead-lettered');
    return Promise.resolve();
  };
}
