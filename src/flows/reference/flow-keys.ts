import type { Kysely } from 'kysely';

import type { Store } from '../../store/index.js';

/** Where the run that holds a business key stands. */
export type FlowKeyStatus = 'running' | 'completed' | 'compensated' | 'failed';

/** The run a flow recorded for one business key, and what it answered. */
export interface FlowKey {
  flow: string;
  key: string;
  runId: string;
  status: FlowKeyStatus;
  output: unknown;
}

interface FlowKeyRow {
  flow: string;
  key: string;
  run_id: string;
  status: string;
  output: string | null;
  updated_at: string;
}

interface FlowKeysDatabase {
  flow_keys: FlowKeyRow;
  flow_runs: { id: string; status: string };
}

function dbOf(store: Store): Kysely<FlowKeysDatabase> {
  return store.db as Kysely<FlowKeysDatabase>;
}

/** The run recorded for `key` of `flow`, or undefined when none has claimed it. */
export async function getFlowKey(
  store: Store,
  flow: string,
  key: string,
): Promise<FlowKey | undefined> {
  const row = await dbOf(store)
    .selectFrom('flow_keys')
    .selectAll()
    .where('flow', '=', flow)
    .where('key', '=', key)
    .executeTakeFirst();
  return row === undefined ? undefined : toFlowKey(row);
}

/**
 * Claims `key` of `flow` for the run `runId`. Returns undefined when the claim is this run's;
 * otherwise the run that holds it. A key whose run ended without completing is taken over, so a
 * failed purchase can be tried again, as is one whose run recovery ended after a crash; a key of
 * a running or completed run is never taken.
 */
export async function claimFlowKey(
  store: Store,
  flow: string,
  key: string,
  runId: string,
): Promise<FlowKey | undefined> {
  const at = new Date().toISOString();
  const db = dbOf(store);
  await db
    .insertInto('flow_keys')
    .values({ flow, key, run_id: runId, status: 'running', output: null, updated_at: at })
    .onConflict((conflict) => conflict.columns(['flow', 'key']).doNothing())
    .execute();
  await db
    .updateTable('flow_keys')
    .set({ run_id: runId, status: 'running', output: null, updated_at: at })
    .where('flow', '=', flow)
    .where('key', '=', key)
    .where((where) =>
      where.or([
        where('status', 'in', ['compensated', 'failed']),
        // A process that crashed mid-run left the key running; recovery has since ended the run.
        where.and([
          where('status', '=', 'running'),
          where(
            'run_id',
            'in',
            where
              .selectFrom('flow_runs')
              .select('id')
              .where('status', 'in', ['compensated', 'failed']),
          ),
        ]),
      ]),
    )
    .execute();
  const held = await getFlowKey(store, flow, key);
  return held === undefined || held.runId === runId ? undefined : held;
}

/** Records how the run that claimed `key` ended, and its answer for repeats. */
export async function finishFlowKey(
  store: Store,
  flow: string,
  key: string,
  end: { runId: string; status: Exclude<FlowKeyStatus, 'running'>; output?: unknown },
): Promise<void> {
  await dbOf(store)
    .updateTable('flow_keys')
    .set({
      status: end.status,
      output: end.output === undefined ? null : JSON.stringify(end.output),
      updated_at: new Date().toISOString(),
    })
    .where('flow', '=', flow)
    .where('key', '=', key)
    .where('run_id', '=', end.runId)
    .execute();
}

function toFlowKey(row: FlowKeyRow): FlowKey {
  return {
    flow: row.flow,
    key: row.key,
    runId: row.run_id,
    status: row.status as FlowKeyStatus,
    output: row.output === null ? null : JSON.parse(row.output),
  };
}
