export { createNatsBus, type NatsBusOptions } from './nats-bus.js';
export type { DeadLetterHandler, NatsDeadLetter, RedeliveryPolicy } from './nats-consumer.js';
export { deleteNatsStream, DUPLICATE_WINDOW_MS } from './nats-stream.js';
export { natsStreamName } from './names.js';
