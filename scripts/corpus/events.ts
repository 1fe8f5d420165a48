/** The columns of a corpus row: the pipeline's stages, then the checks the corpus run adds. */
export const STAGES = [
  'bundle',
  'validate',
  'types',
  'stubs',
  'clients',
  'mocks',
  'docs',
  'typecheck',
  'prism',
] as const;

/** One column of a corpus row. */
export type CorpusStage = (typeof STAGES)[number];

/** How one stage ended for one document. */
export type StageStatus = 'ok' | 'failed' | 'skipped';

/**
 * What the worker reports about one stage. `stage` is a column name, or `pipeline` / `runner`
 * for a failure outside any stage. A later event for the same stage replaces an earlier one.
 */
export interface StageEvent {
  kind: 'stage';
  stage: string;
  status: StageStatus;
  ms: number;
  /** One line: why the stage failed or was skipped. */
  reason?: string;
  /** One line of what the stage found, for example `GET /pets -> 200`. */
  detail?: string;
}

/** How many operations the bundled document has. */
export interface OperationsEvent {
  kind: 'operations';
  count: number;
}

/** The worker finished every stage and is about to exit. */
export interface DoneEvent {
  kind: 'done';
}

/** A message from the worker process to the runner. */
export type WorkerEvent = StageEvent | OperationsEvent | DoneEvent;

/** True for a value that has the shape of a worker event. */
export function isWorkerEvent(value: unknown): value is WorkerEvent {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === 'stage' || kind === 'operations' || kind === 'done';
}

/** Cuts text to one line of at most `max` characters. */
export function oneLine(text: string, max = 240): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
