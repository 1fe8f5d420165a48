import { randomBytes } from 'node:crypto';

import type { EventBus } from '../../src/events/bus.js';
import { createEmbeddedBus } from '../../src/events/embedded-bus.js';
import type { CloudEvent } from '../../src/events/envelope.js';
import { createNatsBus, deleteNatsStream } from '../../src/events/nats/index.js';
import { appendToOutbox } from '../../src/events/outbox.js';
import { startOutboxRelay } from '../../src/events/outbox-relay.js';
import { createLogger } from '../../src/observability/logger.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../../src/store/test-databases.js';

/** Which bus and database one relay round runs on. */
export interface RelaySetup {
  bus: 'embedded' | 'nats';
  database: 'sqlite' | 'postgres';
  natsUrl: string;
  adminUrl?: string | undefined;
}

const logger = createLogger('silent');

/** How long a relay round took, and for how much of it a publish was in flight. */
export interface RelayTiming {
  ms: number;
  publishingMs: number;
}

/**
 * Fills a fresh outbox with `events` (not timed), then starts the real outbox relay and returns
 * the milliseconds until one subscribed consumer has received every event.
 */
export async function relayRound(
  setup: RelaySetup,
  events: readonly CloudEvent[],
): Promise<RelayTiming> {
  const database = await openDatabase(setup);
  const store = await openStore(database.options);
  const stream = `JUNCTION_BENCH_${randomBytes(4).toString('hex')}`;
  let bus: EventBus | undefined;
  try {
    await fillOutbox(store, events);
    bus =
      setup.bus === 'nats'
        ? await createNatsBus({ url: setup.natsUrl, stream, logger })
        : createEmbeddedBus({ store, logger });
    const received = countDeliveries(events.length);
    await bus.subscribe({ name: 'bench', types: [], handle: received.handle });

    const timed = timePublishing(bus);
    const started = performance.now();
    const relay = startOutboxRelay({ store, bus: timed.bus, logger });
    await received.all;
    const ms = performance.now() - started;
    await relay.stop();
    return { ms, publishingMs: timed.publishingMs() };
  } finally {
    await bus?.close();
    await store.close();
    await database.drop();
    if (setup.bus === 'nats') await deleteNatsStream(setup.natsUrl, stream);
  }
}

function openDatabase(setup: RelaySetup): Promise<TestDatabase> {
  if (setup.database === 'sqlite') return createSqliteTestDatabase();
  if (setup.adminUrl === undefined) throw new Error('expected DATABASE_URL for PostgreSQL rounds');
  return createPostgresTestDatabase(setup.adminUrl);
}

async function fillOutbox(store: Store, events: readonly CloudEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += 500) {
    const chunk = events.slice(start, start + 500);
    await store.transaction((tx) => appendToOutbox(tx, chunk));
  }
}

function countDeliveries(expected: number) {
  let seen = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  return {
    all,
    handle: () => {
      seen += 1;
      if (seen === expected) done();
      return Promise.resolve();
    },
  };
}

/** Wraps `bus` to add up the wall time during which at least one publish is in flight. */
function timePublishing(bus: EventBus) {
  let inFlight = 0;
  let since = 0;
  let total = 0;
  const timed: EventBus = {
    kind: bus.kind,
    subscribe: (consumer) => bus.subscribe(consumer),
    close: () => bus.close(),
    async publish(event) {
      if (inFlight === 0) since = performance.now();
      inFlight += 1;
      try {
        await bus.publish(event);
      } finally {
        inFlight -= 1;
        if (inFlight === 0) total += performance.now() - since;
      }
    },
  };
  return { bus: timed, publishingMs: () => total };
}
