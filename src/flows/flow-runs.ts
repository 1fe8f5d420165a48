import { sql, type Kysely, type SqlBool } from 'kysely';

import { decodeCursor, encodeCursor } from '../store/cursor.js';
import type { Store } from '../store/index.js';

/** Where a run stands; `running` and `compensating` are the only states a run leaves. */
export type FlowRunStatus = 'running' | 'compensating' | 'completed' | 'compensated' | 'failed';

/** Whether a step row records the step's work or the undoing of it. */
export type FlowStepAction = 'run' | 'compensate';

/** Where one step execution or compensation stands. */
export type FlowStepStatus = 'running' | 'completed' | 'failed';

/** An error as the log keeps it: enough to read, never a stack. */
export interface RecordedError {
  name: string;
  message: string;
  code?: string;
}

/** An event a step emitted, as the log names it; the event itself travels through the outbox. */
export interface RecordedEvent {
  id: string;
  type: string;
  subject: string;
}

/** One saga run as the log holds it. */
export interface FlowRun {
  id: string;
  flow: string;
  status: FlowRunStatus;
  correlationId: string;
  input: unknown;
  output: unknown;
  error: RecordedError | null;
  startedAt: string;
  endedAt: string | null;
  heartbeatAt: string;
}

/** One step execution or compensation of a run, numbered from 1 in the order it started. */
export interface FlowRunStep {
  seq: number;
  step: string;
  action: FlowStepAction;
  system: string;
  status: FlowStepStatus;
  output: unknown;
  error: RecordedError | null;
  events: RecordedEvent[];
  startedAt: string;
  endedAt: string | null;
}

/** A run with every step row it recorded, in order. */
export interface FlowRunDetail extends FlowRun {
  steps: FlowRunStep[];
}

interface FlowRunRow {
  id: string;
  flow: string;
  status: string;
  correlation_id: string;
  input: string;
  output: string | null;
  error: string | null;
  started_at: string;
  ended_at: string | null;
  heartbeat_at: string;
}

interface FlowRunStepRow {
  run_id: string;
  // integer: both dialects return int4 as a number.
  seq: number;
  step: string;
  action: string;
  system: string;
  status: string;
  output: string | null;
  error: string | null;
  events: string;
  started_at: string;
  ended_at: string | null;
}

interface FlowRunDatabase {
  flow_runs: FlowRunRow;
  flow_run_steps: FlowRunStepRow;
}

function dbOf(store: Store): Kysely<FlowRunDatabase> {
  return store.db as Kysely<FlowRunDatabase>;
}

/** Records a new run as `running`, its heartbeat at its start. */
export async function insertFlowRun(
  store: Store,
  run: { id: string; flow: string; correlationId: string; input: unknown; at: string },
): Promise<void> {
  await dbOf(store)
    .insertInto('flow_runs')
    .values({
      id: run.id,
      flow: run.flow,
      status: 'running',
      correlation_id: run.correlationId,
      input: toJson(run.input),
      output: null,
      error: null,
      started_at: run.at,
      ended_at: null,
      heartbeat_at: run.at,
    })
    .execute();
}

/** Moves a run to `status` and renews its heartbeat; an end state also records its end. */
export async function updateFlowRun(
  store: Store,
  id: string,
  change: { status: FlowRunStatus; at: string; output?: unknown; error?: RecordedError },
): Promise<void> {
  const ended = change.status !== 'running' && change.status !== 'compensating';
  await dbOf(store)
    .updateTable('flow_runs')
    .set({
      status: change.status,
      heartbeat_at: change.at,
      ...(ended ? { ended_at: change.at } : {}),
      ...(change.output === undefined ? {} : { output: toJson(change.output) }),
      ...(change.error === undefined ? {} : { error: JSON.stringify(change.error) }),
    })
    .where('id', '=', id)
    .execute();
}

/** Renews the heartbeat of a run still in progress, so it is not taken for an abandoned one. */
export async function touchFlowRun(store: Store, id: string, at: string): Promise<void> {
  await dbOf(store)
    .updateTable('flow_runs')
    .set({ heartbeat_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['running', 'compensating'])
    .execute();
}

/**
 * Takes over a run whose heartbeat is still `heartbeatAt`, as read when it was found stale, and
 * renews it; true when this caller took it. One statement, so of two processes recovering the
 * same run only one wins.
 */
export async function takeOverFlowRun(
  store: Store,
  id: string,
  heartbeatAt: string,
  at: string,
): Promise<boolean> {
  const result = await dbOf(store)
    .updateTable('flow_runs')
    .set({ heartbeat_at: at })
    .where('id', '=', id)
    .where('heartbeat_at', '=', heartbeatAt)
    .where('status', 'in', ['running', 'compensating'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records that step row `seq` of a run started. */
export async function insertFlowStep(
  store: Store,
  runId: string,
  step: { seq: number; step: string; action: FlowStepAction; system: string; at: string },
): Promise<void> {
  await dbOf(store)
    .insertInto('flow_run_steps')
    .values({
      run_id: runId,
      seq: step.seq,
      step: step.step,
      action: step.action,
      system: step.system,
      status: 'running',
      output: null,
      error: null,
      events: '[]',
      started_at: step.at,
      ended_at: null,
    })
    .execute();
}

/** Records how step row `seq` of a run ended: its output or its error, and its events. */
export async function finishFlowStep(
  store: Store,
  runId: string,
  seq: number,
  end: {
    status: 'completed' | 'failed';
    at: string;
    output?: unknown;
    error?: RecordedError;
    events: readonly RecordedEvent[];
  },
): Promise<void> {
  await dbOf(store)
    .updateTable('flow_run_steps')
    .set({
      status: end.status,
      ended_at: end.at,
      output: end.output === undefined ? null : toJson(end.output),
      error: end.error === undefined ? null : JSON.stringify(end.error),
      events: JSON.stringify(end.events),
    })
    .where('run_id', '=', runId)
    .where('seq', '=', seq)
    .execute();
}

/** The run with its steps in order, or undefined when no run has that id. */
export async function getFlowRun(store: Store, id: string): Promise<FlowRunDetail | undefined> {
  const db = dbOf(store);
  const row = await db.selectFrom('flow_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  const steps = await db
    .selectFrom('flow_run_steps')
    .selectAll()
    .where('run_id', '=', id)
    .orderBy('seq')
    .execute();
  return { ...toFlowRun(row), steps: steps.map(toFlowRunStep) };
}

/** What a list of runs may be narrowed to, and which page of it to read. */
export interface FlowRunQuery {
  flow?: string;
  status?: FlowRunStatus;
  correlationId?: string;
  limit: number;
  cursor?: string;
}

/**
 * One page of runs, newest first, with a cursor to the next page or null. A cursor this
 * function did not issue throws InvalidCursorError.
 */
export async function listFlowRuns(
  store: Store,
  query: FlowRunQuery,
): Promise<{ items: FlowRun[]; nextCursor: string | null }> {
  let select = dbOf(store).selectFrom('flow_runs').selectAll();
  if (query.flow !== undefined) select = select.where('flow', '=', query.flow);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.correlationId !== undefined) {
    select = select.where('correlation_id', '=', query.correlationId);
  }
  if (query.cursor !== undefined) {
    const { createdAt, id } = decodeCursor(query.cursor);
    select = select.where(sql<SqlBool>`(started_at, id) < (${createdAt}, ${id})`);
  }
  const rows = await select
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();

  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const more = rows.length > query.limit && last !== undefined;
  return {
    items: page.map(toFlowRun),
    nextCursor: more ? encodeCursor({ createdAt: last.started_at, id: last.id }) : null,
  };
}

/**
 * Runs still `running` or `compensating` whose heartbeat is older than `heartbeatBefore`: the
 * process that ran them stopped without ending them, so they need recovery.
 */
export async function findStaleFlowRuns(store: Store, heartbeatBefore: string): Promise<FlowRun[]> {
  const rows = await dbOf(store)
    .selectFrom('flow_runs')
    .selectAll()
    .where('status', 'in', ['running', 'compensating'])
    .where('heartbeat_at', '<', heartbeatBefore)
    .orderBy('heartbeat_at')
    .execute();
  return rows.map(toFlowRun);
}

function toFlowRun(row: FlowRunRow): FlowRun {
  return {
    id: row.id,
    flow: row.flow,
    status: row.status as FlowRunStatus,
    correlationId: row.correlation_id,
    input: fromJson(row.input),
    output: fromJson(row.output),
    error: fromJson(row.error) as RecordedError | null,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    heartbeatAt: row.heartbeat_at,
  };
}

function toFlowRunStep(row: FlowRunStepRow): FlowRunStep {
  return {
    seq: Number(row.seq),
    step: row.step,
    action: row.action as FlowStepAction,
    system: row.system,
    status: row.status as FlowStepStatus,
    output: fromJson(row.output),
    error: fromJson(row.error) as RecordedError | null,
    events: JSON.parse(row.events) as RecordedEvent[],
    startedAt: row.started_at,
    endedAt: row.ended_at,
  };
}

/** JSON of a value; undefined, which JSON cannot hold, is kept as null. */
function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function fromJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
