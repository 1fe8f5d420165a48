import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openStore, type Store } from '../../store/index.js';
import type { TestDatabase } from '../../store/test-databases.js';
import { testDialects } from '../../../test/running-app.js';
import { insertFlowRun, updateFlowRun } from '../flow-runs.js';
import { claimFlowKey, finishFlowKey } from './flow-keys.js';
import { createTestDatabase } from './reference-fixtures.js';

describe.each(testDialects())('flow keys on %s', (dialect) => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    store = await openStore(database.options);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const held = async (key: string, runId: string) =>
    (await claimFlowKey(store, 'test-flow', key, runId))?.runId;

  it('gives a key to its first run and shows that run to every other while it runs', async () => {
    expect(await held('k-running', 'run-1')).toBeUndefined();
    expect(await held('k-running', 'run-2')).toBe('run-1');
  });

  it.each(['compensated', 'failed'] as const)(
    'lets a new run take a key whose run ended %s',
    async (status) => {
      const key = `k-${status}`;
      expect(await held(key, 'run-a')).toBeUndefined();
      await finishFlowKey(store, 'test-flow', key, { runId: 'run-a', status });
      expect(await held(key, 'run-b')).toBeUndefined();
      expect(await held(key, 'run-c')).toBe('run-b');
    },
  );

  it('never gives away a key whose run completed', async () => {
    expect(await held('k-done', 'run-x')).toBeUndefined();
    await finishFlowKey(store, 'test-flow', 'k-done', {
      runId: 'run-x',
      status: 'completed',
      output: { a: 1 },
    });
    expect(await claimFlowKey(store, 'test-flow', 'k-done', 'run-y')).toStrictEqual({
      flow: 'test-flow',
      key: 'k-done',
      runId: 'run-x',
      status: 'completed',
      output: { a: 1 },
    });
  });

  it('lets a new run take a key left running by a crashed run that recovery has compensated', async () => {
    const at = new Date().toISOString();
    await insertFlowRun(store, {
      id: 'run-crashed',
      flow: 'test-flow',
      correlationId: 'c',
      input: {},
      at,
    });
    expect(await held('k-crash', 'run-crashed')).toBeUndefined();
    expect(await held('k-crash', 'run-retry')).toBe('run-crashed');
    await updateFlowRun(store, 'run-crashed', { status: 'compensated', at });
    expect(await held('k-crash', 'run-retry')).toBeUndefined();
  });
});
