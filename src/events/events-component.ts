import { sql } from 'kysely';

import type { Logger } from '../observability/logger.js';
import type { RuntimeComponent } from '../runtime/components.js';
import type { Store } from '../store/index.js';
import type { EventBus } from './bus.js';
import {
  assertEveryOperationConsumed,
  createDeclaredBus,
  loadConsumerDeclarations,
  type DeclaredBus,
} from './consumer-registry.js';
import { recordDeadLetter } from './dead-letters.js';
import { createEmbeddedBus } from './embedded-bus.js';
import { createNatsBus, natsStreamName } from './nats/index.js';
import { startOutboxRelay } from './outbox-relay.js';
import { checkEvent } from './validation.js';

/**
 * The `events` component, first to start: opens the event bus (NATS JetStream when `NATS_URL` is
 * set, in-process otherwise) and provides it as `services.bus`, bound to the consumers that
 * specs/asyncapi/integration/v1/asyncapi.yaml declares. Closes the bus when it stops.
 */
export const eventsComponent: RuntimeComponent = {
  name: 'events',
  async start({ store, logger, env, projectDir }) {
    const declarations = loadConsumerDeclarations(projectDir);
    const bus = await openBus(store, logger, env);
    logger.info({ bus: bus.kind }, 'event bus open');
    const declared = createDeclaredBus(bus, declarations);
    return {
      services: { bus: declared, eventConsumers: (name) => declared.consumer(name) },
      stop: () => bus.close(),
    };
  },
};

/**
 * The `events-relay` component, last to start: checks that every declared consumer subscribed,
 * then relays the outbox to the bus, so no event is published before its consumers listen.
 */
export const eventsRelayComponent: RuntimeComponent = {
  name: 'events-relay',
  start({ store, logger, services }) {
    const bus = services.bus;
    if (bus === undefined) throw new Error('expected the events component to start first');
    // The events component provides a declared bus; another bus has no declarations to check.
    if ('unconsumed' in bus) assertEveryOperationConsumed(bus as DeclaredBus);
    const relay = startOutboxRelay({ store, bus, logger });
    return Promise.resolve({ stop: () => relay.stop() });
  },
};

async function openBus(store: Store, logger: Logger, env: NodeJS.ProcessEnv): Promise<EventBus> {
  const url = env.NATS_URL ?? '';
  if (url === '') return createEmbeddedBus({ store, logger });
  return createNatsBus({
    url,
    stream: natsStreamName(await storeIdentity(store), env),
    logger,
    checkEvent,
    onDeadLetter: async (letter) => {
      await recordDeadLetter(store, { stage: 'consume', ...letter });
    },
  });
}

/** What names the database of `store`, so processes that share one share a stream. */
async function storeIdentity(store: Store): Promise<string> {
  if (store.dialect === 'postgres') {
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(
      store.db,
    );
    return `postgres:${rows[0]?.name ?? ''}`;
  }
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(store.db);
  return `sqlite:${rows[0]?.file ?? ''}`;
}
