import { STAGES } from './events.js';
import type { CorpusRow } from './rows.js';
import type { CorpusSummary } from './summary.js';
import { describeSummary } from './summary.js';

const HEADER = ['Spec', 'Version', 'Ops', ...STAGES, 'Seconds', 'Reason'];

/** The Markdown table header: the column names, then the alignment row. */
export function markdownHeader(): string[] {
  const aligns = HEADER.map((name) => (name === 'Ops' || name === 'Seconds' ? '--:' : '---'));
  return [tableLine(HEADER), tableLine(aligns)];
}

/**
 * One table row. The reason cell lists the failures; a passing row shows why a stage was
 * skipped instead, so `prism: skipped …` explains an empty mock check.
 */
export function markdownRow(row: CorpusRow): string {
  const cells = [
    `\`${escapeCell(row.spec)}\``,
    row.version,
    row.operations === null ? '–' : String(row.operations),
    ...STAGES.map((stage) => row.stages[stage]),
    row.seconds.toFixed(1),
    reasonCell(row),
  ];
  return tableLine(cells);
}

/** The whole report: a title, the summary paragraph, the table and a legend of the columns. */
export function renderMarkdown(rows: readonly CorpusRow[], summary: CorpusSummary): string {
  return [
    '# Pipeline corpus run',
    '',
    describeSummary(summary),
    '',
    ...markdownHeader(),
    ...rows.map(markdownRow),
    '',
    'Columns `bundle` to `docs` are the stages of `generateSpecFile`; `mocks` writes the mock ' +
      'settings. `typecheck` compiles `types.ts`, `handlers.ts` and `client.ts` with the ' +
      "project's strict compiler options; `docs` also requires a non-empty `index.html`; " +
      '`prism` sends one GET to a Prism mock of the bundled `openapi.json`.',
    '',
  ].join('\n');
}

function reasonCell(row: CorpusRow): string {
  if (row.reason) return escapeCell(row.reason);
  return escapeCell(row.skips.map((note) => `${note.stage}: skipped, ${note.reason}`).join('; '));
}

function tableLine(cells: readonly string[]): string {
  return `|${cells.map((cell) => (cell ? ` ${cell} ` : ' ')).join('|')}|`;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}
