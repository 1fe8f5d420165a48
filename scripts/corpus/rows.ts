import type { CorpusStage, StageEvent, StageStatus, WorkerEvent } from './events.js';
import { STAGES } from './events.js';
import type { RootDocument } from './roots.js';

/** A stage that did not pass, with the one-line reason. */
export interface StageNote {
  stage: string;
  reason: string;
}

/** The result of one root document of the corpus. */
export interface CorpusRow {
  spec: string;
  version: string;
  operations: number | null;
  stages: Record<CorpusStage, StageStatus>;
  seconds: number;
  /** Every failure as `stage: reason`, joined by `; `; empty when the document passed. */
  reason: string;
  failures: StageNote[];
  skips: StageNote[];
  details: Partial<Record<CorpusStage, string>>;
}

/** How the worker process ended, as the runner saw it. */
export interface WorkerEnd {
  /** `done` when the worker reported every stage; otherwise why it did not. */
  outcome: 'done' | 'timeout' | 'crash';
  message: string;
}

/** Builds the row of one document from the events its worker sent and how the worker ended. */
export function buildRow(
  root: RootDocument,
  events: readonly WorkerEvent[],
  end: WorkerEnd,
  seconds: number,
): CorpusRow {
  const latest = latestStageEvents(events);
  if (end.outcome !== 'done') {
    const stage = unfinishedStage(latest);
    latest.set(stage, { kind: 'stage', stage, status: 'failed', ms: 0, reason: end.message });
  }
  const stages = Object.fromEntries(
    STAGES.map((stage) => [stage, latest.get(stage)?.status ?? 'skipped']),
  ) as Record<CorpusStage, StageStatus>;
  const failures = notesWith(latest, 'failed');
  return {
    spec: root.spec,
    version: root.version,
    operations: operationCount(events),
    stages,
    seconds: Math.round(seconds * 10) / 10,
    reason: failures.map((note) => `${note.stage}: ${note.reason}`).join('; '),
    failures,
    skips: notesWith(latest, 'skipped'),
    details: detailsOf(latest),
  };
}

/** True when no stage of the row failed. */
export function rowPassed(row: CorpusRow): boolean {
  return row.failures.length === 0;
}

function latestStageEvents(events: readonly WorkerEvent[]): Map<string, StageEvent> {
  const latest = new Map<string, StageEvent>();
  for (const event of events) if (event.kind === 'stage') latest.set(event.stage, event);
  return latest;
}

/** The first column without an event: the stage that was running when the worker stopped. */
function unfinishedStage(latest: Map<string, StageEvent>): string {
  return STAGES.find((stage) => !latest.has(stage)) ?? 'runner';
}

function notesWith(latest: Map<string, StageEvent>, status: StageStatus): StageNote[] {
  const notes: StageNote[] = [];
  for (const [stage, event] of latest) {
    if (event.status === status && event.reason) notes.push({ stage, reason: event.reason });
  }
  return notes.sort((a, b) => stageRank(a.stage) - stageRank(b.stage));
}

function stageRank(stage: string): number {
  const index = (STAGES as readonly string[]).indexOf(stage);
  return index === -1 ? STAGES.length : index;
}

function detailsOf(latest: Map<string, StageEvent>): Partial<Record<CorpusStage, string>> {
  const details: Partial<Record<CorpusStage, string>> = {};
  for (const stage of STAGES) {
    const detail = latest.get(stage)?.detail;
    if (detail) details[stage] = detail;
  }
  return details;
}

function operationCount(events: readonly WorkerEvent[]): number | null {
  const found = events.findLast((event) => event.kind === 'operations');
  return found?.kind === 'operations' ? found.count : null;
}
