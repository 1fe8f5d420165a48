import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, testDialects } from '../../../../test/running-app.js';
import type { RunningApp } from '../../../../test/running-app.js';
import { runSaga, type SagaDefinition } from '../../../flows/saga.js';
import { createAdminKey } from '../../../store/platform/index.js';

const BASE = Date.parse('2026-03-01T09:00:00.000Z');

function at(tick: number): string {
  return new Date(BASE + tick * 1_000).toISOString();
}

const provision: SagaDefinition<{ orderNumber: string }> = {
  name: 'provision-subscription',
  steps: [
    {
      name: 'create-account',
      system: 'billing-system',
      run: () => Promise.resolve({ accountNumber: 'A-1' }),
      compensate: () => Promise.resolve(),
    },
    {
      name: 'grant-license',
      system: 'fulfillment',
      run: () => Promise.reject(new Error('no seats left')),
    },
  ],
};

describe.each(testDialects())('the flow-run endpoints of the platform API on %s', (dialect) => {
  let app: RunningApp;
  let viewerKey: string;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    viewerKey = (await createAdminKey(app.store, { name: 'viewer', role: 'viewer' })).key;
    for (const [runId, correlationId] of [
      ['run-1', 'corr-a'],
      ['run-2', 'corr-b'],
    ] as const) {
      let tick = 0;
      await runSaga(
        app.store,
        provision,
        { orderNumber: runId },
        {
          runId,
          correlationId,
          clock: () => new Date(BASE + ++tick * 1_000),
        },
      );
    }
  });
  afterAll(() => app.close());

  const get = (path: string, key: string | null = viewerKey) =>
    fetch(`${app.url}/platform/v1${path}`, key === null ? {} : { headers: { 'x-admin-key': key } });

  const runOf = (id: string, correlationId: string) => ({
    id,
    flow: 'provision-subscription',
    status: 'compensated',
    correlationId,
    input: { orderNumber: id },
    output: null,
    error: { name: 'Error', message: 'no seats left' },
    startedAt: at(1),
    endedAt: at(9),
    heartbeatAt: at(9),
  });

  it('shows a viewer a run with its steps and compensation in the order they happened', async () => {
    const answer = await get('/flow-runs/run-1');

    expect(answer.status).toBe(200);
    expect(await answer.json()).toStrictEqual({
      ...runOf('run-1', 'corr-a'),
      steps: [
        {
          seq: 1,
          step: 'create-account',
          action: 'run',
          system: 'billing-system',
          status: 'completed',
          output: { accountNumber: 'A-1' },
          error: null,
          events: [],
          startedAt: at(2),
          endedAt: at(3),
        },
        {
          seq: 2,
          step: 'grant-license',
          action: 'run',
          system: 'fulfillment',
          status: 'failed',
          output: null,
          error: { name: 'Error', message: 'no seats left' },
          events: [],
          startedAt: at(4),
          endedAt: at(5),
        },
        {
          seq: 3,
          step: 'create-account',
          action: 'compensate',
          system: 'billing-system',
          status: 'completed',
          output: null,
          error: null,
          events: [],
          startedAt: at(7),
          endedAt: at(8),
        },
      ],
    });
  });

  it.each([
    ['', ['run-2', 'run-1']],
    ['?correlationId=corr-a', ['run-1']],
    ['?flow=provision-subscription&status=compensated', ['run-2', 'run-1']],
    ['?status=completed', []],
    ['?flow=another-flow', []],
  ])('lists the runs matching %s newest first', async (query, ids) => {
    const answer = await get(`/flow-runs${query}`);

    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data: { id: string }[]; page: unknown };
    expect(body.data.map((run) => run.id)).toStrictEqual(ids);
    expect(body.page).toStrictEqual({ limit: 50, nextCursor: null });
  });

  it('pages through runs with the cursor it hands out', async () => {
    const first = (await (await get('/flow-runs?limit=1')).json()) as {
      data: unknown[];
      page: { nextCursor: string };
    };
    const second = await (await get(`/flow-runs?limit=1&cursor=${first.page.nextCursor}`)).json();

    expect(first.data).toStrictEqual([runOf('run-2', 'corr-b')]);
    expect(second).toStrictEqual({
      data: [runOf('run-1', 'corr-a')],
      page: { limit: 1, nextCursor: null },
    });
  });

  it('answers an unknown run with 404 not-found', async () => {
    const answer = await get('/flow-runs/run-404');

    expect(answer.status).toBe(404);
    expect(await answer.json()).toStrictEqual({
      type: 'https://junction.dev/errors/not-found',
      title: 'The resource does not exist',
      status: 404,
      code: 'not-found',
      detail: "No flow run has id 'run-404'.",
      instance: '/platform/v1/flow-runs/run-404',
      correlationId: expect.any(String) as unknown,
    });
  });

  it('refuses a status the log does not know with 400 validation-failed', async () => {
    const answer = await get('/flow-runs?status=paused');

    expect(answer.status).toBe(400);
    const problem = (await answer.json()) as { code: string; errors: unknown[] };
    expect([problem.code, problem.errors]).toStrictEqual([
      'validation-failed',
      [
        {
          in: 'query',
          pointer: '/status',
          message:
            'must be equal to one of the allowed values: running, compensating, completed, compensated, failed',
        },
      ],
    ]);
  });

  it('refuses a call without an admin key with 401', async () => {
    expect((await get('/flow-runs', null)).status).toBe(401);
  });
});
