import { performance } from 'node:perf_hooks';

import { StageFailure } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';

export type StageName =
  | 'lint'
  | 'bundle'
  | 'validate'
  | 'types'
  | 'stubs'
  | 'clients'
  | 'mocks'
  | 'gateway'
  | 'docs'
  | 'events'
  | 'catalog';

/** How one stage ended for one API, with its time. */
export interface StageResult {
  api: string;
  stage: StageName;
  status: 'ok' | 'failed' | 'skipped';
  ms: number;
  diagnostics: Diagnostic[];
}

/** Receives one line per finished stage; the CLI prints them to stderr. */
export type ProgressSink = (result: StageResult) => void;

/** Times stages of one API and records how each ended. */
export class StageRecorder {
  readonly results: StageResult[] = [];

  constructor(
    private readonly api: string,
    private readonly progress: ProgressSink,
  ) {}

  /** Runs `work` as `stage`; a StageFailure is recorded and rethrown, other errors too. */
  async run<T>(stage: StageName, work: () => Promise<T> | T): Promise<T> {
    const started = performance.now();
    try {
      const value = await work();
      this.record(stage, 'ok', started, []);
      return value;
    } catch (err) {
      this.record(stage, 'failed', started, diagnosticsOf(stage, err));
      throw err;
    }
  }

  /** Records that a stage did not run, for example because its inputs did not change. */
  skip(stage: StageName): void {
    this.record(stage, 'skipped', performance.now(), []);
  }

  private record(
    stage: StageName,
    status: StageResult['status'],
    started: number,
    diagnostics: Diagnostic[],
  ): void {
    const result = {
      api: this.api,
      stage,
      status,
      ms: Math.round(performance.now() - started),
      diagnostics,
    };
    this.results.push(result);
    this.progress(result);
  }
}

function diagnosticsOf(stage: StageName, err: unknown): Diagnostic[] {
  if (err instanceof StageFailure) return err.diagnostics;
  const message = err instanceof Error ? err.message : String(err);
  return [
    { rule: `${stage}-crashed`, severity: 'error', message: message.split('\n', 1)[0] ?? message },
  ];
}
