import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import { deleteNatsStream } from './nats/index.js';
import { testStreamName } from './nats/test-support.js';
import { appendToOutbox, countPendingEvents } from './outbox.js';
import { orderCreatedEvent, waitFor } from './test-events.js';

const EVENTS = 3_000;
const SUBJECTS = 100;
/** The share of events handled at which each run but the last is killed. */
const KILL_AT = [0.15, 0.4, 0.65];
const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(import.meta.dirname, 'dispatch-crash-child.ts');

interface Run {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** The JetStream the relaying process publishes to; the embedded bus when undefined. */
type NatsTarget = { url: string; stream: string } | undefined;

function startChild(database: TestDatabase, nats: NatsTarget): Run {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUNCTION_CRASH_STORE: JSON.stringify(database.options),
    JUNCTION_CRASH_EVENTS: String(EVENTS),
  };
  if (nats === undefined) delete env.JUNCTION_CRASH_NATS;
  else env.JUNCTION_CRASH_NATS = JSON.stringify(nats);
  // Node itself, not the tsx launcher: SIGKILL must reach the process that relays.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited };
}

async function count(store: Store, query: ReturnType<typeof sql<{ count: string | number }>>) {
  const { rows } = await query.execute(store.db);
  return Number(rows[0]?.count ?? 0);
}

function crashSuite(name: string, create: () => Promise<TestDatabase>, natsUrl?: string): void {
  describe(`dispatch after SIGKILL on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    const nats: NatsTarget =
      natsUrl === undefined ? undefined : { url: natsUrl, stream: testStreamName() };
    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
      const events = Array.from({ length: EVENTS }, (_, index) =>
        orderCreatedEvent(`crash-${index}`, `order-${index % SUBJECTS}`),
      );
      for (let start = 0; start < EVENTS; start += 500) {
        await store.transaction((tx) => appendToOutbox(tx, events.slice(start, start + 500)));
      }
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
      if (nats !== undefined) await deleteNatsStream(nats.url, nats.stream);
    });
    const handled = () =>
      count(
        store,
        sql`select count(*) as count from event_inbox where consumer = 'crash-recorder'`,
      );

    it('delivers every event at least once and handles each exactly once', async () => {
      for (const share of KILL_AT) {
        const run = startChild(database, nats);
        await waitFor(
          `${share * 100}% of the events handled`,
          async () => {
            return (await handled()) >= share * EVENTS;
          },
          120_000,
        );
        run.child.kill('SIGKILL');
        expect(await run.exited).toBe(null);
        // The kill came during dispatch: events were still unhandled, and none moves meanwhile.
        // Through JetStream the relay may have published them all; the consumer had not.
        const moving = async () => ({
          pending: await countPendingEvents(store),
          done: await handled(),
        });
        const atKill = await moving();
        expect(atKill.done).toBeLessThan(EVENTS);
        if (nats === undefined) expect(atKill.pending).toBeGreaterThan(0);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await moving()).toStrictEqual(atKill);
      }
      const last = startChild(database, nats);
      expect(await last.exited).toBe(0);

      const figures = {
        pending: await countPendingEvents(store),
        inbox: await handled(),
        effects: await count(store, sql`select count(*) as count from crash_effects`),
        distinctEffects: await count(
          store,
          sql`select count(distinct event_id) as count from crash_effects`,
        ),
        deliveredEvents: await count(
          store,
          sql`select count(distinct event_id) as count from crash_deliveries`,
        ),
      };
      expect(figures).toStrictEqual({
        pending: 0,
        inbox: EVENTS,
        effects: EVENTS,
        distinctEffects: EVENTS,
        deliveredEvents: EVENTS,
      });
      const deliveries = await count(store, sql`select count(*) as count from crash_deliveries`);
      expect(deliveries).toBeGreaterThanOrEqual(EVENTS);
    }, 300_000);
  });
}

crashSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'dispatch after SIGKILL on PostgreSQL', (url) =>
  crashSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
withService('NATS_URL', 'dispatch after SIGKILL through NATS JetStream', (url) =>
  crashSuite('SQLite through NATS JetStream', createSqliteTestDatabase, url),
);
