import type { CloudEvent } from './envelope.js';

/** What a consumer is told beside the event it handles. */
export interface Delivery {
  /** 1 on the first delivery; higher when the bus delivers the event again. */
  attempt: number;
}

/**
 * One consumer of events. `handle` resolves once the event is handled; a rejection asks the bus
 * to deliver it again later. Handlers are idempotent through the inbox, so a redelivery of an
 * event already handled is acknowledged without running them again.
 */
export interface Consumer {
  /** A stable name: the durable consumer on NATS and the inbox key beside the event id. */
  name: string;
  /** The event types it receives; an empty list receives every type. */
  types: readonly string[];
  handle(event: CloudEvent, delivery: Delivery): Promise<void>;
}

/** A consumer's registration; `stop` ends deliveries to it. */
export interface Subscription {
  stop(): Promise<void>;
}

/**
 * Carries events from the outbox relay to consumers: in-process (embedded) or NATS JetStream.
 * `publish` resolves when the bus has accepted the event durably enough that the outbox row may
 * be marked sent; publishing the same event id twice delivers it at most once more.
 */
export interface EventBus {
  readonly kind: 'embedded' | 'nats';
  publish(event: CloudEvent): Promise<void>;
  subscribe(consumer: Consumer): Promise<Subscription>;
  close(): Promise<void>;
}
