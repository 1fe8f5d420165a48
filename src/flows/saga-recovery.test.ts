import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withService } from '../../test/services.js';
import { openStore, type Store } from '../store/index.js';
import {
  createPostgresTestDatabase,
  createSqliteTestDatabase,
  type TestDatabase,
} from '../store/test-databases.js';
import {
  finishFlowStep,
  getFlowRun,
  insertFlowRun,
  insertFlowStep,
  updateFlowRun,
} from './flow-runs.js';
import { recoverFlowRun, recoverStaleFlowRuns } from './saga-recovery.js';
import type { SagaDefinition } from './saga.js';

const BASE = Date.parse('2026-03-01T09:00:00.000Z');

function at(tick: number): string {
  return new Date(BASE + tick * 1_000).toISOString();
}

/** A clock for the recovering process, starting at tick 100. */
function laterClock(): () => Date {
  let tick = 99;
  return () => new Date(BASE + ++tick * 1_000);
}

const INTERRUPTED = {
  name: 'InterruptedError',
  message: 'The process running this action stopped before it ended.',
};

function definitionOf(trail: string[]): SagaDefinition<{ orderNumber: string }> {
  const step = (name: string) => ({
    name,
    system: `${name}-system`,
    run: () => Promise.resolve({ id: `${name}-1` }),
    compensate: ({ output }: { output: unknown }) => {
      trail.push(`compensate ${name} of ${JSON.stringify(output)}`);
      return Promise.resolve();
    },
  });
  return { name: 'provision', steps: [step('one'), step('two'), step('three')] };
}

function row(
  seq: number,
  step: string,
  action: 'run' | 'compensate',
  status: string,
  ticks: [number, number | null],
  extra: { output?: unknown; error?: unknown } = {},
) {
  return {
    seq,
    step,
    action,
    system: `${step}-system`,
    status,
    output: extra.output ?? null,
    error: extra.error ?? null,
    events: [],
    startedAt: at(ticks[0]),
    endedAt: ticks[1] === null ? null : at(ticks[1]),
  };
}

function recoverySuite(name: string, create: () => Promise<TestDatabase>): void {
  describe(`saga recovery on ${name}`, () => {
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

    /** Writes the log a process leaves when it dies during step three of run `id`. */
    async function diedInStepThree(id: string): Promise<void> {
      const input = { orderNumber: id };
      await insertFlowRun(store, {
        id,
        flow: 'provision',
        correlationId: `c-${id}`,
        input,
        at: at(1),
      });
      for (const [seq, step] of [
        [1, 'one'],
        [2, 'two'],
      ] as const) {
        await insertFlowStep(store, id, {
          seq,
          step,
          action: 'run',
          system: `${step}-system`,
          at: at(2 * seq),
        });
        const end = {
          status: 'completed',
          at: at(2 * seq + 1),
          output: { id: `${step}-1` },
          events: [],
        } as const;
        await finishFlowStep(store, id, seq, end);
      }
      await insertFlowStep(store, id, {
        seq: 3,
        step: 'three',
        action: 'run',
        system: 'three-system',
        at: at(6),
      });
    }

    it('records the interrupted step failed and compensates the steps before it in reverse', async () => {
      await diedInStepThree('run-crash');
      const trail: string[] = [];
      const result = await recoverFlowRun(store, definitionOf(trail), 'run-crash', {
        staleBefore: at(60),
        clock: laterClock(),
      });

      const error = {
        ...INTERRUPTED,
        message: 'The run stopped at step "three" when its process did.',
      };
      expect(result).toStrictEqual({
        runId: 'run-crash',
        status: 'compensated',
        results: { one: { id: 'one-1' }, two: { id: 'two-1' } },
        error,
      });
      expect(trail).toStrictEqual([
        'compensate two of {"id":"two-1"}',
        'compensate one of {"id":"one-1"}',
      ]);
      expect(await getFlowRun(store, 'run-crash')).toStrictEqual({
        id: 'run-crash',
        flow: 'provision',
        status: 'compensated',
        correlationId: 'c-run-crash',
        input: { orderNumber: 'run-crash' },
        output: null,
        error,
        startedAt: at(1),
        endedAt: at(107),
        heartbeatAt: at(107),
        steps: [
          row(1, 'one', 'run', 'completed', [2, 3], { output: { id: 'one-1' } }),
          row(2, 'two', 'run', 'completed', [4, 5], { output: { id: 'two-1' } }),
          row(3, 'three', 'run', 'failed', [6, 101], { error: INTERRUPTED }),
          row(4, 'two', 'compensate', 'completed', [103, 104]),
          row(5, 'one', 'compensate', 'completed', [105, 106]),
        ],
      });
    });

    it('runs an interrupted compensation again and keeps the failure that started compensating', async () => {
      await diedInStepThree('run-undo');
      const failure = { name: 'Error', message: 'three refused' };
      await finishFlowStep(store, 'run-undo', 3, {
        status: 'failed',
        at: at(7),
        error: failure,
        events: [],
      });
      await updateFlowRun(store, 'run-undo', { status: 'compensating', at: at(8), error: failure });
      await insertFlowStep(store, 'run-undo', {
        seq: 4,
        step: 'two',
        action: 'compensate',
        system: 'two-system',
        at: at(9),
      });

      const trail: string[] = [];
      const result = await recoverFlowRun(store, definitionOf(trail), 'run-undo', {
        staleBefore: at(60),
        clock: laterClock(),
      });

      expect(result?.status).toBe('compensated');
      expect(result?.error).toStrictEqual(failure);
      expect(trail).toStrictEqual([
        'compensate two of {"id":"two-1"}',
        'compensate one of {"id":"one-1"}',
      ]);
      expect((await getFlowRun(store, 'run-undo'))?.steps.slice(3)).toStrictEqual([
        row(4, 'two', 'compensate', 'failed', [9, 101], { error: INTERRUPTED }),
        row(5, 'two', 'compensate', 'completed', [103, 104]),
        row(6, 'one', 'compensate', 'completed', [105, 106]),
      ]);
    });

    it('leaves a run with a fresh heartbeat alone, and lets one of two racing recoveries win', async () => {
      await diedInStepThree('run-race');
      const trail: string[] = [];
      const options = { staleBefore: at(1), clock: laterClock() };
      expect(await recoverFlowRun(store, definitionOf(trail), 'run-race', options)).toBeUndefined();

      const stale = { staleBefore: at(60), clock: laterClock() };
      const results = await Promise.all([
        recoverFlowRun(store, definitionOf(trail), 'run-race', stale),
        recoverFlowRun(store, definitionOf(trail), 'run-race', { ...stale, clock: laterClock() }),
      ]);
      expect(results.filter((result) => result !== undefined)).toHaveLength(1);
      expect(trail).toHaveLength(2);
    });

    it('recovers the stale runs of the flows it is given and leaves other flows', async () => {
      await diedInStepThree('run-sweep');
      await insertFlowRun(store, {
        id: 'run-other',
        flow: 'other',
        correlationId: 'c',
        input: {},
        at: at(1),
      });

      const results = await recoverStaleFlowRuns(store, [definitionOf([])], {
        staleBefore: at(60),
        clock: laterClock(),
      });

      expect(results.map((result) => [result.runId, result.status])).toStrictEqual([
        ['run-sweep', 'compensated'],
      ]);
      expect((await getFlowRun(store, 'run-other'))?.status).toBe('running');
    });
  });
}

recoverySuite('SQLite', createSqliteTestDatabase);
withService('DATABASE_URL', 'saga recovery on PostgreSQL', (url) =>
  recoverySuite('PostgreSQL', () => createPostgresTestDatabase(url)),
);
