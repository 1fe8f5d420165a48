import { randomUUID } from 'node:crypto';

import type { CloudEvent } from '../events/envelope.js';
import { appendToOutbox } from '../events/outbox.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import {
  finishFlowStep,
  insertFlowRun,
  insertFlowStep,
  touchFlowRun,
  updateFlowRun,
  type FlowStepAction,
  type RecordedError,
  type RecordedEvent,
} from './flow-runs.js';

/** What a step's `run` sees: the run, its input, and the outputs of the steps before it. */
export interface SagaStepContext<Input> {
  readonly runId: string;
  /** The run's correlation id; every event the step emits must carry it. */
  readonly correlationId: string;
  /** The event that started the run, named as the `causationid` of every event the run emits. */
  readonly causationId?: string;
  readonly input: Input;
  /** The outputs of the steps that completed before this one, by step name. */
  readonly results: Readonly<Record<string, unknown>>;
  readonly store: Store;
  /**
   * Emits an event with this step. It reaches the outbox, and the log names it, in the same
   * transaction that records the step as completed; a step that fails emits nothing.
   */
  emit(event: CloudEvent): void;
}

/** What a step's `compensate` sees: the same as its `run` did, and what `run` returned. */
export interface SagaCompensationContext<Input> extends SagaStepContext<Input> {
  readonly output: unknown;
}

/** One named step of a saga: the system it calls, its work, and how to undo that work. */
export interface SagaStep<Input = unknown> {
  name: string;
  /** The system the step calls, as the log shows it: `billing-system`, `crm-system`. */
  system: string;
  /** Does the step's work; what it resolves to is recorded and passed to later steps. */
  run: (context: SagaStepContext<Input>) => Promise<unknown>;
  /** Undoes the work of a completed `run` after a later step failed; absent when none is due. */
  compensate?: (context: SagaCompensationContext<Input>) => Promise<void>;
}

/** A named saga: steps that run in order. */
export interface SagaDefinition<Input = unknown> {
  name: string;
  steps: readonly SagaStep<Input>[];
}

/** How one run is identified and observed. */
export interface SagaOptions {
  /** The business flow's correlation id; the run and every step keep it throughout. */
  correlationId: string;
  /**
   * The id of the event the run reacts to; the events the run emits without a `causationid`
   * get it. Absent for a run that a request or a schedule started.
   */
  causationId?: string;
  /** The run's id; a random UUID when absent. */
  runId?: string;
  logger?: Logger;
  /** How often a long step renews the run's heartbeat; 10 seconds when absent. */
  heartbeatMs?: number;
  /** The time every log row records; the system clock when absent. */
  clock?: () => Date;
  /** Writes a step's events inside its transaction; the events outbox when absent. */
  outbox?: (tx: Store, events: readonly CloudEvent[]) => Promise<void>;
}

/** How a run ended. */
export interface SagaResult {
  runId: string;
  /**
   * `completed` when every step did; `compensated` when a step failed and every completed step
   * was undone; `failed` when a compensation failed too, leaving the steps before it undone.
   */
  status: 'completed' | 'compensated' | 'failed';
  /** The outputs of the steps that completed, by step name. */
  results: Record<string, unknown>;
  /** The failure of the step that made the run compensate. */
  error?: RecordedError;
}

const DEFAULT_HEARTBEAT_MS = 10_000;

/** A run in progress, as runSaga and recoverFlowRun share it. */
export interface SagaRunState<Input> {
  store: Store;
  definition: SagaDefinition<Input>;
  input: Input;
  runId: string;
  correlationId: string;
  causationId?: string;
  now: () => string;
  outbox: (tx: Store, events: readonly CloudEvent[]) => Promise<void>;
  /** The outputs of the steps that completed so far, by step name. */
  results: Record<string, unknown>;
  /** The number of the last step row recorded. */
  seq: number;
}

/** The state of a run of `definition` over `input`, with the defaults of `options` applied. */
export function newSagaRunState<Input>(
  store: Store,
  definition: SagaDefinition<Input>,
  input: Input,
  options: Pick<SagaOptions, 'correlationId' | 'causationId' | 'runId' | 'clock' | 'outbox'>,
): SagaRunState<Input> {
  const clock = options.clock ?? (() => new Date());
  return {
    store,
    definition,
    input,
    runId: options.runId ?? randomUUID(),
    correlationId: options.correlationId,
    ...(options.causationId === undefined ? {} : { causationId: options.causationId }),
    now: () => clock().toISOString(),
    outbox: options.outbox ?? appendToOutbox,
    results: {},
    seq: 0,
  };
}

/**
 * Runs the steps of `definition` in order and records the run in the flow-run log: each step's
 * start and end, the system it called, its output or error and the events it emitted. When a
 * step fails, the steps that completed are compensated in reverse order, each recorded as its
 * own row; a compensation that fails is recorded, stops the compensating and ends the run
 * `failed`, so an operator sees which steps remain to undo. A step failure is a result, not a
 * throw; only a failure to write the log throws, leaving the run `running` until its heartbeat
 * goes stale and `findStaleFlowRuns` finds it.
 *
 * @example
 * const result = await runSaga(store, {
 *   name: 'provision-subscription',
 *   steps: [
 *     { name: 'create-account', system: 'billing-system', run: createAccount, compensate: closeAccount },
 *     { name: 'grant-license', system: 'fulfillment', run: grantLicense },
 *   ],
 * }, order, { correlationId });
 */
export async function runSaga<Input>(
  store: Store,
  definition: SagaDefinition<Input>,
  input: Input,
  options: SagaOptions,
): Promise<SagaResult> {
  const state = newSagaRunState(store, definition, input, options);
  await insertFlowRun(store, {
    id: state.runId,
    flow: definition.name,
    correlationId: state.correlationId,
    input,
    at: state.now(),
  });
  return withHeartbeat(state, options, () => runSteps(state));
}

/** Runs `work` while a timer renews the run's heartbeat, and logs how the run ended. */
export async function withHeartbeat<Input>(
  state: SagaRunState<Input>,
  options: Pick<SagaOptions, 'heartbeatMs' | 'logger'>,
  work: () => Promise<SagaResult>,
): Promise<SagaResult> {
  const log = options.logger?.child({ flow: state.definition.name, runId: state.runId });
  const heartbeat = startHeartbeat(state, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, log);
  try {
    const result = await work();
    log?.info({ status: result.status, correlationId: state.correlationId }, 'flow run ended');
    return result;
  } finally {
    clearInterval(heartbeat);
  }
}

async function runSteps<Input>(state: SagaRunState<Input>): Promise<SagaResult> {
  const completed: { step: SagaStep<Input>; output: unknown }[] = [];
  for (const step of state.definition.steps) {
    const outcome = await recordAction(state, step, 'run', (context) => step.run(context));
    if (!outcome.ok) return compensateSteps(state, completed, outcome.error);
    completed.push({ step, output: outcome.value });
    state.results[step.name] = outcome.value;
  }
  await updateFlowRun(state.store, state.runId, {
    status: 'completed',
    at: state.now(),
    output: state.results,
  });
  return { runId: state.runId, status: 'completed', results: { ...state.results } };
}

/**
 * Compensates `completed` in reverse order, each as its own step row, then ends the run
 * `compensated`, or `failed` at the first compensation that fails, with `error` as its cause.
 */
export async function compensateSteps<Input>(
  state: SagaRunState<Input>,
  completed: readonly { step: SagaStep<Input>; output: unknown }[],
  error: RecordedError,
): Promise<SagaResult> {
  await updateFlowRun(state.store, state.runId, { status: 'compensating', at: state.now() });
  let status: 'compensated' | 'failed' = 'compensated';
  for (const { step, output } of [...completed].reverse()) {
    const undo = step.compensate;
    if (undo === undefined) continue;
    const outcome = await recordAction(state, step, 'compensate', (context) =>
      undo({ ...context, output }),
    );
    if (!outcome.ok) {
      status = 'failed';
      break;
    }
  }
  await updateFlowRun(state.store, state.runId, { status, at: state.now(), error });
  return { runId: state.runId, status, results: { ...state.results }, error };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: RecordedError };

/** Runs one action of a step between its start row and its end row. */
async function recordAction<Input>(
  state: SagaRunState<Input>,
  step: SagaStep<Input>,
  action: FlowStepAction,
  work: (context: SagaStepContext<Input>) => Promise<unknown>,
): Promise<Outcome> {
  const seq = ++state.seq;
  const startedAt = state.now();
  await touchFlowRun(state.store, state.runId, startedAt);
  await insertFlowStep(state.store, state.runId, {
    seq,
    step: step.name,
    action,
    system: step.system,
    at: startedAt,
  });

  const events: CloudEvent[] = [];
  let outcome: Outcome;
  try {
    const value: unknown = await work(contextOf(state, events));
    outcome = { ok: true, value: value ?? null };
  } catch (err) {
    outcome = { ok: false, error: recordedError(err) };
  }

  const at = state.now();
  if (!outcome.ok) {
    const end = { status: 'failed', at, error: outcome.error, events: [] } as const;
    await finishFlowStep(state.store, state.runId, seq, end);
    return outcome;
  }
  await state.store.transaction(async (tx) => {
    await finishFlowStep(tx, state.runId, seq, {
      status: 'completed',
      at,
      output: outcome.value,
      events: events.map(recordedEvent),
    });
    if (events.length > 0) await state.outbox(tx, events);
  });
  return outcome;
}

function contextOf<Input>(
  state: SagaRunState<Input>,
  events: CloudEvent[],
): SagaStepContext<Input> {
  return {
    runId: state.runId,
    correlationId: state.correlationId,
    ...(state.causationId === undefined ? {} : { causationId: state.causationId }),
    input: state.input,
    results: { ...state.results },
    store: state.store,
    emit(event) {
      if (event.correlationid !== state.correlationId) {
        throw new Error(
          `expected event ${event.id} to carry the run's correlation id ` +
            `"${state.correlationId}", got "${event.correlationid}"; build it from the step context`,
        );
      }
      const caused = event.causationid ?? state.causationId;
      events.push(caused === undefined ? event : { ...event, causationid: caused });
    },
  };
}

function startHeartbeat<Input>(
  state: SagaRunState<Input>,
  intervalMs: number,
  log: Logger | undefined,
): NodeJS.Timeout {
  const timer = setInterval(() => {
    touchFlowRun(state.store, state.runId, new Date().toISOString()).catch((err: unknown) => {
      log?.warn({ err }, 'flow run heartbeat failed');
    });
  }, intervalMs);
  timer.unref();
  return timer;
}

function recordedEvent(event: CloudEvent): RecordedEvent {
  return { id: event.id, type: event.type, subject: event.subject };
}

/** The log's view of a thrown value: its name, message and a stable `code` when it has one. */
function recordedError(err: unknown): RecordedError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err) };
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string'
    ? { name: err.name, message: err.message, code }
    : { name: err.name, message: err.message };
}
