import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import type { Consumer, EventBus, Subscription } from './bus.js';
import { recordDeadLetter } from './dead-letters.js';
import type { CloudEvent } from './envelope.js';
import { hasHandled } from './inbox.js';
import { checkEvent } from './validation.js';

/** How patiently the embedded bus delivers to a failing consumer. */
export interface RetryPolicy {
  /** Deliveries of one event at most; after the last failure it goes to the dead letters. */
  maxAttempts: number;
  /** The wait before the second delivery; doubled on each later failure. */
  retryDelayMs: number;
  /** The longest wait between two deliveries. */
  maxRetryDelayMs: number;
}

/** What the embedded bus needs: the store of its inbox and dead letters, and its logger. */
export interface EmbeddedBusOptions {
  store: Store;
  logger: Logger;
  /** Overrides of the defaults: 5 attempts, 100 ms doubling to at most 5 s. */
  retry?: Partial<RetryPolicy>;
}

/** 5 attempts, 100 ms doubling to at most 5 s. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  retryDelayMs: 100,
  maxRetryDelayMs: 5_000,
};

/**
 * An in-process bus: `publish` hands the event to every subscribed consumer of its type and
 * resolves once each has handled it or it is dead-lettered for that consumer, so the outbox row
 * is marked sent only after its consumers are done. A failing consumer is retried with a doubling
 * backoff; after its last attempt the event goes to the dead letters with the reason. An event
 * that breaks its AsyncAPI schema, or one the consumer's inbox shows handled, is not delivered.
 */
export function createEmbeddedBus(options: EmbeddedBusOptions): EventBus {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const logger = options.logger.child({ bus: 'embedded' });
  const consumers = new Set<Consumer>();
  const inFlight = new Set<Promise<void>>();
  let closed = false;

  const deliverAll = async (event: CloudEvent) => {
    const receiving = [...consumers].filter((consumer) => receives(consumer, event));
    await Promise.all(
      receiving.map((consumer) => deliver(options.store, consumer, event, policy, logger)),
    );
  };

  return {
    kind: 'embedded',
    async publish(event) {
      if (closed) throw new Error(`expected an open bus to publish ${event.id}, but it is closed`);
      const delivery = deliverAll(event);
      inFlight.add(delivery);
      try {
        await delivery;
      } finally {
        inFlight.delete(delivery);
      }
    },
    subscribe(consumer): Promise<Subscription> {
      consumers.add(consumer);
      return Promise.resolve({ stop: () => Promise.resolve(void consumers.delete(consumer)) });
    },
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
      consumers.clear();
    },
  };
}

function receives(consumer: Consumer, event: CloudEvent): boolean {
  return consumer.types.length === 0 || consumer.types.includes(event.type);
}

/** Delivers one event to one consumer until it is handled or dead-lettered; never rejects. */
export async function deliver(
  store: Store,
  consumer: Consumer,
  event: CloudEvent,
  policy: RetryPolicy,
  logger: Logger,
): Promise<void> {
  const invalid = checkEvent(event);
  if (invalid !== undefined) {
    await deadLetter(store, consumer, event, `the event breaks its schema: ${invalid}`);
    logger.warn({ consumer: consumer.name, eventId: event.id, reason: invalid }, 'invalid event');
    return;
  }
  if (await hasHandled(store, consumer.name, event.id)) return;

  for (let attempt = 1; ; attempt += 1) {
    try {
      await consumer.handle(event, { attempt });
      return;
    } catch (err) {
      const fields = { err, consumer: consumer.name, eventId: event.id, attempt };
      if (attempt >= policy.maxAttempts) {
        logger.error(fields, 'consumer gave up on event');
        const reason = `consumer "${consumer.name}" failed ${attempt} times; last: ${messageOf(err)}`;
        await deadLetter(store, consumer, event, reason);
        return;
      }
      logger.warn(fields, 'consumer failed; retrying');
      await sleep(Math.min(policy.retryDelayMs * 2 ** (attempt - 1), policy.maxRetryDelayMs));
    }
  }
}

async function deadLetter(
  store: Store,
  consumer: Consumer,
  event: CloudEvent,
  reason: string,
): Promise<void> {
  await recordDeadLetter(store, {
    stage: 'consume',
    consumer: consumer.name,
    ...(typeof event.id === 'string' ? { eventId: event.id } : {}),
    ...(typeof event.type === 'string' ? { eventType: event.type } : {}),
    payload: event,
    reason,
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
