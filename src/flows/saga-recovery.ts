import type { CloudEvent } from '../events/envelope.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import {
  findStaleFlowRuns,
  finishFlowStep,
  getFlowRun,
  takeOverFlowRun,
  type FlowRunDetail,
  type FlowRunStep,
  type RecordedError,
} from './flow-runs.js';
import {
  compensateSteps,
  newSagaRunState,
  withHeartbeat,
  type SagaDefinition,
  type SagaResult,
  type SagaStep,
} from './saga.js';

/** How recovery finds and records runs. */
export interface RecoveryOptions {
  /** A run whose heartbeat is older than this RFC 3339 time is taken for abandoned. */
  staleBefore: string;
  logger?: Logger;
  heartbeatMs?: number;
  clock?: () => Date;
  outbox?: (tx: Store, events: readonly CloudEvent[]) => Promise<void>;
}

const INTERRUPTED: RecordedError = {
  name: 'InterruptedError',
  message: 'The process running this action stopped before it ended.',
};

/**
 * Recovers a run whose process stopped mid-way: the step or compensation it was in is recorded
 * `failed` as interrupted, and every step whose run completed but whose compensation did not is
 * compensated in reverse order, so the run ends `compensated` or `failed` as runSaga's would. A
 * step that was interrupted is not compensated: whether its system applied it is unknown, so
 * the log leaves it to an operator. Resolves undefined when the run is not stale, or another
 * process took it over first.
 */
export async function recoverFlowRun<Input>(
  store: Store,
  definition: SagaDefinition<Input>,
  runId: string,
  options: RecoveryOptions,
): Promise<SagaResult | undefined> {
  const run = await getFlowRun(store, runId);
  if (run === undefined || !isStale(run, options.staleBefore)) return undefined;
  if (run.flow !== definition.name) {
    throw new Error(`expected a run of flow "${definition.name}", got one of "${run.flow}"`);
  }
  const state = newSagaRunState(store, definition, run.input as Input, {
    ...options,
    runId,
    correlationId: run.correlationId,
  });
  if (!(await takeOverFlowRun(store, runId, run.heartbeatAt, state.now()))) return undefined;

  return withHeartbeat(state, options, async () => {
    for (const row of run.steps.filter((step) => step.status === 'running')) {
      const end = { status: 'failed', at: state.now(), error: INTERRUPTED, events: [] } as const;
      await finishFlowStep(store, runId, row.seq, end);
    }
    state.seq = run.steps.at(-1)?.seq ?? 0;
    const completed = completedSteps(definition, run.steps);
    for (const { step, output } of completed) state.results[step.name] = output;
    const pending = completed.filter(({ step }) => !compensated(run.steps, step.name));
    return compensateSteps(state, pending, run.error ?? interruptedAt(run.steps));
  });
}

/** Recovers every stale run of the flows in `definitions`; runs of other flows are left alone. */
export async function recoverStaleFlowRuns(
  store: Store,
  definitions: readonly SagaDefinition<never>[],
  options: RecoveryOptions,
): Promise<SagaResult[]> {
  const results: SagaResult[] = [];
  for (const run of await findStaleFlowRuns(store, options.staleBefore)) {
    const definition = definitions.find((candidate) => candidate.name === run.flow);
    if (definition === undefined) continue;
    const result = await recoverFlowRun(store, definition, run.id, options);
    if (result !== undefined) results.push(result);
  }
  return results;
}

function isStale(run: FlowRunDetail, staleBefore: string): boolean {
  const active = run.status === 'running' || run.status === 'compensating';
  return active && run.heartbeatAt < staleBefore;
}

function completedSteps<Input>(
  definition: SagaDefinition<Input>,
  rows: readonly FlowRunStep[],
): { step: SagaStep<Input>; output: unknown }[] {
  return rows
    .filter((row) => row.action === 'run' && row.status === 'completed')
    .map((row) => {
      const step = definition.steps.find((candidate) => candidate.name === row.step);
      if (step === undefined) {
        throw new Error(
          `flow "${definition.name}" has no step "${row.step}" that its run recorded`,
        );
      }
      return { step, output: row.output };
    });
}

function compensated(rows: readonly FlowRunStep[], name: string): boolean {
  return rows.some(
    (row) => row.step === name && row.action === 'compensate' && row.status === 'completed',
  );
}

function interruptedAt(rows: readonly FlowRunStep[]): RecordedError {
  const last = rows.at(-1);
  const where = last === undefined ? 'before its first step' : `at step "${last.step}"`;
  return { ...INTERRUPTED, message: `The run stopped ${where} when its process did.` };
}
