import type { WorkerEvent } from './events.js';
import type { RootDocument } from './roots.js';
import type { CorpusRow } from './rows.js';

/** Writes progress lines to stderr: one header per document, one line per stage, one result. */
export interface Progress {
  start(root: RootDocument, index: number, total: number): void;
  event(event: WorkerEvent): void;
  finish(row: CorpusRow): void;
}

const MARKS = { ok: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const;

/** Progress on the runner's stderr. */
export function stderrProgress(): Progress {
  const write = (line: string) => process.stderr.write(line + '\n');
  return {
    start(root, index, total) {
      const counter = `[${String(index + 1).padStart(String(total).length)}/${total}]`;
      write(`${counter} ${root.spec} (${root.version})`);
    },
    event(event) {
      if (event.kind !== 'stage') return;
      const note = event.reason ?? event.detail;
      write(
        `    ${MARKS[event.status]} ${event.stage.padEnd(9)} ${`${event.ms} ms`.padStart(9)}${note ? `  ${note}` : ''}`,
      );
    },
    finish(row) {
      const verdict = row.failures.length === 0 ? 'passed' : `FAILED: ${row.reason}`;
      write(`    ${verdict} (${row.seconds} s)`);
    },
  };
}
