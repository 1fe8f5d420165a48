import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import { getDeadLetter, listDeadLetters, markReplayed, recordDeadLetter } from './dead-letters.js';
import type { CloudEvent } from './envelope.js';
import { hasHandled, handleOnce } from './inbox.js';
import { appendToOutbox, markSent, readPendingEvents } from './outbox.js';

function testEvent(id: string, subject: string): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: '/junction/test',
    type: 'com.junction.test.thing.changed.v1',
    subject,
    time: '2026-12-04T10:00:00.000Z',
    datacontenttype: 'application/json',
    correlationid: 'corr-1',
    dataschemaversion: '1.0.0',
    data: { id },
  };
}

function eventsSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`event tables on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    it('commits outbox rows with the transaction and drops them when it throws', async () => {
      await store.transaction((tx) => appendToOutbox(tx, [testEvent('e1', 'things/1')]));
      const failed = store.transaction(async (tx) => {
        await appendToOutbox(tx, [testEvent('e2', 'things/2')]);
        throw new Error('the state change failed');
      });
      await expect(failed).rejects.toThrow('the state change failed');
      await store.transaction((tx) =>
        appendToOutbox(tx, [testEvent('e3', 'things/1'), testEvent('e4', 'things/3')]),
      );

      const pending = await readPendingEvents(store, 10);
      expect(pending.map((row) => row.event)).toStrictEqual([
        testEvent('e1', 'things/1'),
        testEvent('e3', 'things/1'),
        testEvent('e4', 'things/3'),
      ]);
      await markSent(store, [pending[0]?.position ?? 0]);
      expect((await readPendingEvents(store, 10)).map((row) => row.event.id)).toStrictEqual([
        'e3',
        'e4',
      ]);
    });

    it('keeps the order of a large append and the first copy of a repeated event id', async () => {
      // Ids that sort against the append order, so only the append order can explain the result.
      const events = Array.from({ length: 300 }, (_, n) => testEvent(`z${999 - n}`, 'bulk/1'));
      const repeated = { ...testEvent('z999', 'bulk/1'), data: { id: 'repeated' } };
      await store.transaction((tx) => appendToOutbox(tx, [...events, repeated]));

      const pending = await readPendingEvents(store, 1_000);
      const appended = pending.filter((row) => row.event.subject === 'bulk/1');
      expect(appended.map((row) => row.event)).toStrictEqual(events);
    });

    it('runs the work of one consumer and event once, however often it is handed in', async () => {
      const runs: string[] = [];
      const handle = (consumer: string) =>
        handleOnce(store, consumer, 'evt-9', async () => {
          runs.push(consumer);
          await Promise.resolve();
        });
      const results = await Promise.all([handle('a'), handle('a'), handle('b')]);
      expect(results.sort()).toStrictEqual([false, true, true]);
      expect(runs.sort()).toStrictEqual(['a', 'b']);
      expect(await hasHandled(store, 'a', 'evt-9')).toBe(true);
      expect(await hasHandled(store, 'c', 'evt-9')).toBe(false);
    });

    it('forgets the inbox row when the work throws, so the event can be handled again', async () => {
      const failing = handleOnce(store, 'flaky', 'evt-10', () => Promise.reject(new Error('no')));
      await expect(failing).rejects.toThrow('no');
      expect(await hasHandled(store, 'flaky', 'evt-10')).toBe(false);
      expect(await handleOnce(store, 'flaky', 'evt-10', () => Promise.resolve())).toBe(true);
    });

    it('stores dead letters and lists them by stage and consumer, newest first', async () => {
      const publish = await recordDeadLetter(store, {
        stage: 'publish',
        eventId: 'e7',
        eventType: 'com.junction.test.thing.changed.v1',
        payload: testEvent('e7', 'things/7'),
        reason: 'expected a valid event',
      });
      const consume = await recordDeadLetter(store, {
        stage: 'consume',
        consumer: 'billing-sync',
        payload: { broken: true },
        reason: 'consumer failed 5 times',
      });
      expect(publish).toMatch(/^dlq_[0-9a-f]{32}$/);

      const byStage = await listDeadLetters(store, { limit: 10, stage: 'consume' });
      expect(byStage.items.map((letter) => letter.id)).toStrictEqual([consume]);
      const byConsumer = await listDeadLetters(store, { limit: 10, consumer: 'billing-sync' });
      expect(byConsumer.items.map((letter) => letter.id)).toStrictEqual([consume]);
      const first = await listDeadLetters(store, { limit: 1 });
      const second = await listDeadLetters(store, { limit: 1, cursor: first.nextCursor ?? '' });
      expect([...first.items, ...second.items].map((letter) => letter.id).sort()).toStrictEqual(
        [publish, consume].sort(),
      );

      const letter = await getDeadLetter(store, consume);
      expect(letter).toStrictEqual({
        id: consume,
        stage: 'consume',
        consumer: 'billing-sync',
        payload: { broken: true },
        reason: 'consumer failed 5 times',
        createdAt: letter?.createdAt,
        replayCount: 0,
      });
      const replayed = await markReplayed(store, consume);
      expect(replayed?.replayCount).toBe(1);
      expect(typeof replayed?.replayedAt).toBe('string');
      expect(await getDeadLetter(store, 'dlq_missing')).toBeUndefined();
    });
  });
}

eventsSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'event tables on PostgreSQL', (url) =>
  eventsSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
