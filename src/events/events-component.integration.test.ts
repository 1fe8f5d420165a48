import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { createLogger } from '../observability/logger.js';
import { startComponents, type RuntimeComponent } from '../runtime/components.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import type { CloudEvent } from './envelope.js';
import { eventsComponent, eventsRelayComponent } from './events-component.js';
import { deleteNatsStream } from './nats/index.js';
import { appendToOutbox, countPendingEvents } from './outbox.js';
import { orderCreatedEvent, uuidOf, waitFor } from './test-events.js';

const ORDER_CREATED = 'com.junction.canonical.order.created.v1';

/** A project whose consumers document declares one receive operation, `order-recorder`. */
async function projectDeclaring(operationIds: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'junction-events-'));
  const bundleDir = join(dir, 'generated', 'integration-events-v1');
  await mkdir(bundleDir, { recursive: true });
  const message = { payload: { allOf: [{}, { properties: { type: { const: ORDER_CREATED } } }] } };
  const document = {
    asyncapi: '3.0.0',
    channels: { orderCreated: { messages: { orderCreated: message } } },
    operations: Object.fromEntries(
      operationIds.map((id) => [
        id,
        { action: 'receive', channel: { $ref: '#/channels/orderCreated' } },
      ]),
    ),
  };
  await writeFile(join(bundleDir, 'asyncapi.json'), JSON.stringify(document));
  return dir;
}

/** The cause of the start-up error, which names the failing component. */
async function causeOf(started: Promise<unknown>): Promise<unknown> {
  const err = await started.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  const cause = (err as Error | undefined)?.cause;
  throw cause instanceof Error ? cause : new Error('expected start-up to fail for a reason');
}

function consumerComponent(name: string, received: CloudEvent[]): RuntimeComponent {
  return {
    name: `consumer ${name}`,
    async start({ services }) {
      const subscription = await services.bus!.subscribe({
        name,
        types: [],
        handle: (event) => Promise.resolve(void received.push(event)),
      });
      return { stop: () => subscription.stop() };
    },
  };
}

function componentSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`the events component on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let projectDir: string;
    const logger = createLogger('silent');
    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
      projectDir = await projectDeclaring(['order-recorder']);
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
      await rm(projectDir, { recursive: true, force: true });
    });
    const start = (components: RuntimeComponent[]) =>
      startComponents(components, { store, logger, env: {}, projectDir });

    it('delivers what handlers append to the declared consumer, and stops cleanly', async () => {
      const received: CloudEvent[] = [];
      const running = await start([
        eventsComponent,
        consumerComponent('order-recorder', received),
        eventsRelayComponent,
      ]);
      expect(running.services.bus?.kind).toBe('embedded');
      await store.transaction((tx) => appendToOutbox(tx, [orderCreatedEvent('comp-1')]));
      await waitFor('the event to arrive', () => received.length === 1);
      await running.stop();

      expect(received).toStrictEqual([orderCreatedEvent('comp-1')]);
      expect(await countPendingEvents(store)).toBe(0);
    });

    it('refuses to start a consumer that no receive operation declares', async () => {
      const started = start([
        eventsComponent,
        consumerComponent('rogue', []),
        eventsRelayComponent,
      ]);
      await expect(started).rejects.toThrow('runtime component "consumer rogue" failed to start');
      await expect(causeOf(started)).rejects.toThrow(
        'expected a receive operation "rogue" in specs/asyncapi/integration/v1/asyncapi.yaml ' +
          'for the consumer of that name, got none; declare the operation or rename the consumer',
      );
    });

    it('refuses to start when a declared operation has no consumer', async () => {
      const started = start([eventsComponent, eventsRelayComponent]);
      await expect(causeOf(started)).rejects.toThrow(
        'expected a consumer for every receive operation in ' +
          'specs/asyncapi/integration/v1/asyncapi.yaml, got none for "order-recorder"; ' +
          'subscribe a consumer of that name or remove the operation',
      );
    });
  });
}

componentSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'the events component on PostgreSQL', (url) =>
  componentSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);

withService('NATS_URL', 'the events component on NATS', (url) => {
  describe('the events component on NATS', () => {
    let database: TestDatabase;
    let store: Store;
    let projectDir: string;
    const stream = `JUNCTION_events_${uuidOf(String(Date.now())).slice(0, 8)}`;
    beforeAll(async () => {
      database = await createSqliteTestDatabase();
      store = await openStore(database.options);
      projectDir = await projectDeclaring(['order-recorder']);
    });
    afterAll(async () => {
      await deleteNatsStream(url, stream);
      await store.close();
      await database.drop();
      await rm(projectDir, { recursive: true, force: true });
    });

    it('carries the outbox over JetStream to the declared consumer when NATS_URL is set', async () => {
      const received: CloudEvent[] = [];
      const running = await startComponents(
        [eventsComponent, consumerComponent('order-recorder', received), eventsRelayComponent],
        {
          store,
          logger: createLogger('silent'),
          env: { NATS_URL: url, JUNCTION_NATS_STREAM: stream },
          projectDir,
        },
      );
      expect(running.services.bus?.kind).toBe('nats');
      await store.transaction((tx) => appendToOutbox(tx, [orderCreatedEvent('nats-1')]));
      await waitFor('the event to arrive over NATS', () => received.length === 1);
      await running.stop();

      expect(received).toStrictEqual([orderCreatedEvent('nats-1')]);
      expect(await countPendingEvents(store)).toBe(0);
    });
  });
});
