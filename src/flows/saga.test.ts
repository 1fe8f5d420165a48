import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import type { CloudEvent } from '../events/envelope.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import { findStaleFlowRuns, getFlowRun, listFlowRuns } from './flow-runs.js';
import { runSaga, type SagaDefinition, type SagaOptions, type SagaStep } from './saga.js';

const BASE = Date.parse('2026-03-01T09:00:00.000Z');

/** The n-th tick of the test clock, as the log records it. */
function at(tick: number): string {
  return new Date(BASE + tick * 1_000).toISOString();
}

interface Order {
  orderNumber: string;
}

function eventOf(id: string, correlationId: string): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: '/junction/flows/provision',
    type: 'com.junction.canonical.subscription.created.v1',
    subject: `subscriptions/${id}`,
    time: at(0),
    datacontenttype: 'application/json',
    correlationid: correlationId,
    dataschemaversion: '1.0.0',
    data: {},
  };
}

/** A step that records what it did in `trail` and fails its run or compensation on request. */
function stepOf(
  name: string,
  trail: string[],
  behaviour: { fail?: boolean; failCompensation?: boolean; noCompensation?: boolean } = {},
): SagaStep<Order> {
  const step: SagaStep<Order> = {
    name,
    system: `${name}-system`,
    run: ({ input, results }) => {
      trail.push(`run ${name} after [${Object.keys(results).join(',')}]`);
      if (behaviour.fail) return Promise.reject(new Error(`${name} refused ${input.orderNumber}`));
      return Promise.resolve({ id: `${name}-1` });
    },
  };
  if (behaviour.noCompensation) return step;
  step.compensate = ({ output }) => {
    trail.push(`compensate ${name} of ${JSON.stringify(output)}`);
    if (behaviour.failCompensation) return Promise.reject(new TypeError(`${name} stays`));
    return Promise.resolve();
  };
  return step;
}

function sagaSuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`sagas on ${name}`, () => {
    let database: TestDatabase;
    let store: Store;
    let published: CloudEvent[];

    beforeAll(async () => {
      database = await create();
      store = await openStore(database.options);
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });

    function optionsOf(runId: string, correlationId = `corr-${runId}`): SagaOptions {
      let tick = 0;
      published = [];
      return {
        runId,
        correlationId,
        clock: () => new Date(BASE + ++tick * 1_000),
        heartbeatMs: 3_600_000,
        outbox: (_tx, events) => {
          published.push(...events);
          return Promise.resolve();
        },
      };
    }

    it('runs every step in order and records each start, end, system, output and event', async () => {
      const trail: string[] = [];
      const definition: SagaDefinition<Order> = {
        name: 'provision',
        steps: [
          stepOf('account', trail),
          {
            name: 'license',
            system: 'license-system',
            run: (context) => {
              context.emit(eventOf('evt-1', context.correlationId));
              return Promise.resolve({ license: 'L-7' });
            },
          },
        ],
      };
      const result = await runSaga(store, definition, { orderNumber: 'O-1' }, optionsOf('run-ok'));

      expect(result).toStrictEqual({
        runId: 'run-ok',
        status: 'completed',
        results: { account: { id: 'account-1' }, license: { license: 'L-7' } },
      });
      expect(trail).toStrictEqual(['run account after []']);
      expect(published.map((event) => event.id)).toStrictEqual(['evt-1']);
      expect(await getFlowRun(store, 'run-ok')).toStrictEqual({
        id: 'run-ok',
        flow: 'provision',
        status: 'completed',
        correlationId: 'corr-run-ok',
        input: { orderNumber: 'O-1' },
        output: { account: { id: 'account-1' }, license: { license: 'L-7' } },
        error: null,
        startedAt: at(1),
        endedAt: at(6),
        heartbeatAt: at(6),
        steps: [
          stepRow(1, 'account', 'run', 'completed', [2, 3], { id: 'account-1' }),
          {
            ...stepRow(2, 'license', 'run', 'completed', [4, 5], { license: 'L-7' }),
            events: [
              {
                id: 'evt-1',
                type: 'com.junction.canonical.subscription.created.v1',
                subject: 'subscriptions/evt-1',
              },
            ],
          },
        ],
      });
    });

    it('compensates steps two and one in reverse when the third fails, and ends compensated', async () => {
      const trail: string[] = [];
      const definition: SagaDefinition<Order> = {
        name: 'provision',
        steps: [stepOf('one', trail), stepOf('two', trail), stepOf('three', trail, { fail: true })],
      };
      const result = await runSaga(store, definition, { orderNumber: 'O-2' }, optionsOf('run-c'));

      const error = { name: 'Error', message: 'three refused O-2' };
      expect(result).toStrictEqual({
        runId: 'run-c',
        status: 'compensated',
        results: { one: { id: 'one-1' }, two: { id: 'two-1' } },
        error,
      });
      expect(trail).toStrictEqual([
        'run one after []',
        'run two after [one]',
        'run three after [one,two]',
        'compensate two of {"id":"two-1"}',
        'compensate one of {"id":"one-1"}',
      ]);
      const run = await getFlowRun(store, 'run-c');
      expect(run?.steps).toStrictEqual([
        stepRow(1, 'one', 'run', 'completed', [2, 3], { id: 'one-1' }),
        stepRow(2, 'two', 'run', 'completed', [4, 5], { id: 'two-1' }),
        stepRow(3, 'three', 'run', 'failed', [6, 7], null, error),
        stepRow(4, 'two', 'compensate', 'completed', [9, 10]),
        stepRow(5, 'one', 'compensate', 'completed', [11, 12]),
      ]);
      expect({ ...run, steps: undefined }).toStrictEqual({
        ...runRow('run-c', 'compensated', { orderNumber: 'O-2' }, 13),
        error,
        steps: undefined,
      });
    });

    it('records a failing compensation, stops compensating and ends the run failed', async () => {
      const trail: string[] = [];
      const definition: SagaDefinition<Order> = {
        name: 'provision',
        steps: [
          stepOf('one', trail),
          stepOf('two', trail, { failCompensation: true }),
          stepOf('three', trail, { fail: true }),
        ],
      };
      const result = await runSaga(store, definition, { orderNumber: 'O-3' }, optionsOf('run-f'));

      const error = { name: 'Error', message: 'three refused O-3' };
      expect(result).toStrictEqual({
        runId: 'run-f',
        status: 'failed',
        results: { one: { id: 'one-1' }, two: { id: 'two-1' } },
        error,
      });
      expect(trail.at(-1)).toBe('compensate two of {"id":"two-1"}');
      const run = await getFlowRun(store, 'run-f');
      expect(run?.steps).toStrictEqual([
        stepRow(1, 'one', 'run', 'completed', [2, 3], { id: 'one-1' }),
        stepRow(2, 'two', 'run', 'completed', [4, 5], { id: 'two-1' }),
        stepRow(3, 'three', 'run', 'failed', [6, 7], null, error),
        stepRow(4, 'two', 'compensate', 'failed', [9, 10], null, {
          name: 'TypeError',
          message: 'two stays',
        }),
      ]);
      expect(run?.status).toBe('failed');
      expect(run?.endedAt).toBe(at(11));
    });

    it('skips steps without a compensation and records no event of a failed step', async () => {
      const trail: string[] = [];
      const definition: SagaDefinition<Order> = {
        name: 'notify',
        steps: [
          stepOf('one', trail),
          stepOf('two', trail, { noCompensation: true }),
          {
            name: 'three',
            system: 'three-system',
            run: (context) => {
              context.emit(eventOf('evt-lost', context.correlationId));
              return Promise.reject(Object.assign(new Error('no'), { code: 'upstream-failed' }));
            },
          },
        ],
      };
      const result = await runSaga(store, definition, { orderNumber: 'O-4' }, optionsOf('run-s'));

      const error = { name: 'Error', message: 'no', code: 'upstream-failed' };
      expect(result.status).toBe('compensated');
      expect(published).toStrictEqual([]);
      const run = await getFlowRun(store, 'run-s');
      expect(run?.steps).toStrictEqual([
        stepRow(1, 'one', 'run', 'completed', [2, 3], { id: 'one-1' }),
        stepRow(2, 'two', 'run', 'completed', [4, 5], { id: 'two-1' }),
        stepRow(3, 'three', 'run', 'failed', [6, 7], null, error),
        stepRow(4, 'one', 'compensate', 'completed', [9, 10]),
      ]);
    });

    it('fails a step that emits an event of another correlation id', async () => {
      const definition: SagaDefinition<Order> = {
        name: 'stray',
        steps: [
          {
            name: 'emit',
            system: 'bus',
            run: (context) => {
              context.emit(eventOf('evt-x', 'someone-else'));
              return Promise.resolve();
            },
          },
        ],
      };
      const result = await runSaga(store, definition, { orderNumber: 'O-5' }, optionsOf('run-x'));

      expect(result).toStrictEqual({
        runId: 'run-x',
        status: 'compensated',
        results: {},
        error: {
          name: 'Error',
          message:
            'expected event evt-x to carry the run\'s correlation id "corr-run-x", ' +
            'got "someone-else"; build it from the step context',
        },
      });
    });

    it('leaves a run interrupted mid-step running, where a stale-heartbeat search finds it', async () => {
      let release: () => void = () => undefined;
      const blocked = new Promise<void>((resolve) => (release = resolve));
      const definition: SagaDefinition<Order> = {
        name: 'slow',
        steps: [{ name: 'wait', system: 'erp-system', run: () => blocked }],
      };
      const running = runSaga(store, definition, { orderNumber: 'O-6' }, optionsOf('run-i'));
      await expect.poll(() => getFlowRun(store, 'run-i').then((run) => run?.steps.length)).toBe(1);

      const stale = await findStaleFlowRuns(store, at(60));
      expect(stale.map((run) => [run.id, run.status, run.heartbeatAt])).toStrictEqual([
        ['run-i', 'running', at(2)],
      ]);
      expect(await findStaleFlowRuns(store, at(2))).toStrictEqual([]);
      release();
      expect((await running).status).toBe('completed');
      expect(await findStaleFlowRuns(store, at(60))).toStrictEqual([]);
    });

    it('lists runs newest first by flow, status and correlation id, a page at a time', async () => {
      const statuses = async (query: Parameters<typeof listFlowRuns>[1]) =>
        (await listFlowRuns(store, query)).items.map((run) => run.id);

      expect(await statuses({ flow: 'provision', limit: 10 })).toStrictEqual([
        'run-ok',
        'run-f',
        'run-c',
      ]);
      expect(await statuses({ status: 'compensated', limit: 10 })).toStrictEqual([
        'run-x',
        'run-s',
        'run-c',
      ]);
      expect(await statuses({ correlationId: 'corr-run-f', limit: 10 })).toStrictEqual(['run-f']);
      const first = await listFlowRuns(store, { limit: 2 });
      const second = await listFlowRuns(store, { limit: 10, cursor: first.nextCursor ?? '' });
      expect([first.items.length, second.items.length, second.nextCursor]).toStrictEqual([
        2,
        4,
        null,
      ]);
    });

    it('names the event that started the run as the cause of the events it emits', async () => {
      const definition: SagaDefinition<Order> = {
        name: 'caused',
        steps: [
          {
            name: 'emit',
            system: 'bus',
            run: (context) => {
              context.emit(eventOf('evt-plain', context.correlationId));
              context.emit({ ...eventOf('evt-own', context.correlationId), causationid: 'evt-0' });
              return Promise.resolve();
            },
          },
        ],
      };
      const options = { ...optionsOf('run-caused'), causationId: 'evt-trigger' };
      await runSaga(store, definition, { orderNumber: 'O-6' }, options);

      expect(published.map((event) => [event.id, event.causationid])).toStrictEqual([
        ['evt-plain', 'evt-trigger'],
        ['evt-own', 'evt-0'],
      ]);
    });
  });
}

function stepRow(
  seq: number,
  step: string,
  action: 'run' | 'compensate',
  status: 'completed' | 'failed',
  ticks: [number, number],
  output: unknown = null,
  error: unknown = null,
) {
  return {
    seq,
    step,
    action,
    system: `${step}-system`,
    status,
    output,
    error,
    events: [],
    startedAt: at(ticks[0]),
    endedAt: at(ticks[1]),
  };
}

function runRow(id: string, status: string, input: unknown, endTick: number) {
  return {
    id,
    flow: 'provision',
    status,
    correlationId: `corr-${id}`,
    input,
    output: null,
    error: null,
    startedAt: at(1),
    endedAt: at(endTick),
    heartbeatAt: at(endTick),
  };
}

sagaSuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'sagas on PostgreSQL', (url) =>
  sagaSuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
