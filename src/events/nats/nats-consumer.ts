import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type ConsumerInfo,
  type ConsumerUpdateConfig,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

import type { Logger } from '../../observability/logger.js';
import type { Consumer, Subscription } from '../bus.js';
import type { CloudEvent } from '../envelope.js';
import { durableName, eventSubject, streamSubjects } from './names.js';

/** How often, and how patiently, a consumer's events are delivered before they are dead. */
export interface RedeliveryPolicy {
  /** Deliveries of one event at most; after the last failure it goes to the dead letters. */
  maxDeliveries: number;
  /** How long a delivery may go unacknowledged before JetStream delivers it again. */
  ackWaitMs: number;
  /** The wait before the second delivery after a failure; doubled on each later failure. */
  retryDelayMs: number;
  /** The longest wait between two deliveries after failures. */
  maxRetryDelayMs: number;
}

/** An event a consumer gave up on: delivered `deliveries` times and never handled. */
export interface NatsDeadLetter {
  consumer: string;
  eventId?: string;
  eventType?: string;
  /** The event as it travelled: the parsed CloudEvent, or the raw text when it did not parse. */
  payload: unknown;
  reason: string;
  deliveries: number;
}

/** Records a dead letter; a rejection leaves the message to be delivered again. */
export type DeadLetterHandler = (letter: NatsDeadLetter) => Promise<void>;

/** What a consumer subscription needs from the bus that opens it. */
export interface ConsumerContext {
  js: JetStreamClient;
  jsm: JetStreamManager;
  stream: string;
  policy: RedeliveryPolicy;
  /** True when the server takes several filter subjects on one consumer (2.10 and later). */
  multipleFilters: boolean;
  logger: Logger;
  onDeadLetter: DeadLetterHandler;
  /** The reason an event may not be delivered (it breaks its schema), or undefined. */
  checkEvent: (event: CloudEvent) => string | undefined;
}

type ConsumerSettings = Partial<ConsumerUpdateConfig>;

/** Messages pulled ahead of the handler; also the unacknowledged deliveries JetStream allows. */
const PULL_BATCH = 256;

/**
 * Creates or updates the durable consumer named after `consumer` and delivers its events one at
 * a time, in stream order, acknowledging each one its handler resolves.
 */
export async function subscribeConsumer(
  context: ConsumerContext,
  consumer: Consumer,
): Promise<Subscription> {
  const durable = durableName(consumer.name);
  await upsertConsumer(context, durable, consumerSettings(context, consumer));

  const pulled = await context.js.consumers.get(context.stream, durable);
  const messages = await pulled.consume({ max_messages: PULL_BATCH });
  const logger = context.logger.child({ consumer: consumer.name });
  let stopping = false;

  const loop = (async () => {
    for await (const msg of messages) {
      // Events pulled ahead of a stop go straight back to JetStream for the next subscriber.
      if (stopping) msg.nak();
      else await deliver(context, consumer, msg, logger);
    }
  })().catch((err: unknown) => {
    logger.error({ err }, 'nats consumer stopped receiving events');
  });
  return {
    async stop() {
      stopping = true;
      await messages.close();
      await loop;
    },
  };
}

/** The settings a durable consumer is created with and brought back to on every subscribe. */
function consumerSettings(context: ConsumerContext, consumer: Consumer): ConsumerSettings {
  const { stream, policy } = context;
  const subjects = consumer.types.map((type) => eventSubject(stream, type));
  const settings: ConsumerSettings = {
    ack_wait: nanos(policy.ackWaitMs),
    // One more than ours: the extra delivery of an event that timed out on its last one tells
    // this consumer to dead-letter it rather than leave it stranded in JetStream.
    max_deliver: policy.maxDeliveries + 1,
    max_ack_pending: PULL_BATCH * 4,
  };
  if (subjects.length === 1) settings.filter_subject = subjects[0] ?? '';
  else if (subjects.length > 1 && context.multipleFilters) settings.filter_subjects = subjects;
  else settings.filter_subject = streamSubjects(stream);
  return settings;
}

async function upsertConsumer(
  context: ConsumerContext,
  durable: string,
  settings: ConsumerSettings,
): Promise<void> {
  const { jsm, stream } = context;
  const existing = await consumerInfo(jsm, stream, durable);
  const created = { durable_name: durable, ack_policy: AckPolicy.Explicit, ...settings };
  if (existing === undefined) {
    await jsm.consumers.add(stream, { ...created, deliver_policy: DeliverPolicy.All });
    return;
  }
  if (sameFilter(existing.config, settings)) {
    await jsm.consumers.update(stream, durable, settings);
    return;
  }
  // Servers before 2.10 are slow to deliver to a consumer whose filter was updated in place, so
  // a new filter gets a new consumer that starts after the last event the old one acknowledged.
  await jsm.consumers.delete(stream, durable);
  await jsm.consumers.add(stream, {
    ...created,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: existing.ack_floor.stream_seq + 1,
  });
}

async function consumerInfo(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(stream, durable);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) {
      return undefined;
    }
    throw err;
  }
}

function sameFilter(current: ConsumerSettings, wanted: ConsumerSettings): boolean {
  const filters = (settings: ConsumerSettings) =>
    [settings.filter_subject ?? '', ...(settings.filter_subjects ?? [])].filter(Boolean).sort();
  return filters(current).join(' ') === filters(wanted).join(' ');
}

async function deliver(
  context: ConsumerContext,
  consumer: Consumer,
  msg: JsMsg,
  logger: Logger,
): Promise<void> {
  const attempt = msg.info.deliveryCount;
  const event = decodeEvent(msg);
  if (typeof event === 'string') {
    await deadLetter(context, consumer, msg, { payload: msg.string(), reason: event });
    return;
  }
  // A server without multiple filter subjects sends every type; skip the ones not asked for.
  if (consumer.types.length > 0 && !consumer.types.includes(event.type)) {
    msg.ack();
    return;
  }
  const invalid = context.checkEvent(event);
  if (invalid !== undefined) {
    await deadLetter(context, consumer, msg, {
      event,
      reason: `the event breaks its schema: ${invalid}`,
    });
    return;
  }
  if (attempt > context.policy.maxDeliveries) {
    const reason = `not acknowledged within ${context.policy.ackWaitMs} ms on any of ${attempt - 1} deliveries`;
    await deadLetter(context, consumer, msg, { event, reason });
    return;
  }

  try {
    await consumer.handle(event, { attempt });
    msg.ack();
  } catch (err) {
    await handleFailure(context, consumer, msg, event, err, logger);
  }
}

async function handleFailure(
  context: ConsumerContext,
  consumer: Consumer,
  msg: JsMsg,
  event: CloudEvent,
  err: unknown,
  logger: Logger,
): Promise<void> {
  const attempt = msg.info.deliveryCount;
  if (attempt >= context.policy.maxDeliveries) {
    const last = err instanceof Error ? err.message : String(err);
    const reason = `consumer "${consumer.name}" failed ${attempt} times; last: ${last}`;
    await deadLetter(context, consumer, msg, { event, reason });
    return;
  }
  const delayMs = retryDelay(context.policy, attempt);
  logger.warn({ err, eventId: event.id, attempt, delayMs }, 'event handler failed; redelivering');
  msg.nak(delayMs);
}

/** The wait before delivery `attempt + 1`: the retry delay, doubled per failure, capped. */
export function retryDelay(policy: RedeliveryPolicy, attempt: number): number {
  const doubled = policy.retryDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(doubled, policy.maxRetryDelayMs);
}

async function deadLetter(
  context: ConsumerContext,
  consumer: Consumer,
  msg: JsMsg,
  found: { event?: CloudEvent; payload?: unknown; reason: string },
): Promise<void> {
  const letter: NatsDeadLetter = {
    consumer: consumer.name,
    ...(found.event && { eventId: found.event.id, eventType: found.event.type }),
    payload: found.event ?? found.payload,
    reason: found.reason,
    deliveries: msg.info.deliveryCount,
  };
  try {
    await context.onDeadLetter(letter);
    msg.term();
  } catch (err) {
    context.logger.error(
      { err, consumer: consumer.name },
      'dead letter not recorded; redelivering',
    );
    msg.nak(context.policy.maxRetryDelayMs);
  }
}

/** The CloudEvent a message carries, or why it carries none. */
function decodeEvent(msg: JsMsg): CloudEvent | string {
  let parsed: unknown;
  try {
    parsed = msg.json();
  } catch {
    return 'expected a JSON CloudEvent, got a payload that is not JSON';
  }
  if (!isCloudEvent(parsed)) {
    return 'expected a CloudEvent with a string id and type, got another JSON value';
  }
  return parsed;
}

function isCloudEvent(value: unknown): value is CloudEvent {
  if (typeof value !== 'object' || value === null) return false;
  const { id, type } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof type === 'string';
}
