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

function startChild(database: TestDatabase): Run {
  // Node itself, not the tsx launcher: SIGKILL must reach the process that relays.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, JUNCTION_CRASH_STORE: JSON.stringify(database.options) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited };
}

async function count(store: Store, query: ReturnType<typeof sql<{ count: string | number }>>) {
  const { rows } = await query.execute(store.db);
  return Number(rows[0]?.count ?? 0);
}

function crashSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`dispatch after SIGKILL on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
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
    });
    const handled = () =>
      count(
        store,
        sql`select count(*) as count from event_inbox where consumer = 'crash-recorder'`,
      );

    it('delivers every event at least once and handles each exactly once', async () => {
      for (const share of KILL_AT) {
        const run = startChild(database);
        await waitFor(
          `${share * 100}% of the events handled`,
          async () => {
            return (await handled()) >= share * EVENTS;
          },
          120_000,
        );
        run.child.kill('SIGKILL');
        expect(await run.exited).toBe(null);
        // The kill came during dispatch: events were still waiting, and none moves meanwhile.
        const waiting = await countPendingEvents(store);
        expect(waiting).toBeGreaterThan(0);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await countPendingEvents(store)).toBe(waiting);
      }
      const last = startChild(database);
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
