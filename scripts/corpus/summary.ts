import type { CorpusStage } from './events.js';
import { STAGES } from './events.js';
import type { CorpusRow } from './rows.js';
import { rowPassed } from './rows.js';

/** The figures of one corpus run, written beside the rows. */
export interface CorpusSummary {
  corpus: string;
  /** The commit the pipeline ran at, with `+changes` when `src/` had uncommitted edits. */
  revision: string;
  documents: number;
  passed: number;
  failed: number;
  /** Documents whose stage failed, per stage; a document may count under several stages. */
  failedByStage: Partial<Record<string, number>>;
  skippedByStage: Partial<Record<CorpusStage, number>>;
  totalSeconds: number;
  node: string;
  date: string;
}

/** Where and when a run happened, as the summary records it. */
export interface RunContext {
  corpus: string;
  revision: string;
  totalSeconds: number;
  date: Date;
}

/** Counts the rows of a run. */
export function summarize(rows: readonly CorpusRow[], context: RunContext): CorpusSummary {
  const passed = rows.filter(rowPassed).length;
  return {
    corpus: context.corpus,
    revision: context.revision,
    documents: rows.length,
    passed,
    failed: rows.length - passed,
    failedByStage: countBy(rows.flatMap((row) => row.failures.map((note) => note.stage))),
    skippedByStage: countBy(
      rows.flatMap((row) => STAGES.filter((s) => row.stages[s] === 'skipped')),
    ),
    totalSeconds: Math.round(context.totalSeconds * 10) / 10,
    node: process.version,
    date: context.date.toISOString(),
  };
}

function countBy<K extends string>(keys: readonly K[]): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

/** The summary as one sentence of counts, for the Markdown report and the console. */
export function describeSummary(summary: CorpusSummary): string {
  const byStage = Object.entries(summary.failedByStage)
    .map(([stage, count]) => `${stage} ${count}`)
    .join(', ');
  const failed = summary.failed === 0 ? 'none failed' : `${summary.failed} failed (${byStage})`;
  return (
    `${summary.documents} root documents under \`${summary.corpus}\`: ${summary.passed} passed ` +
    `every stage, ${failed}; ${summary.totalSeconds} s in total at ${summary.revision} on ` +
    `Node ${summary.node}, ${summary.date}.`
  );
}
