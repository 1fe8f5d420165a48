import type { DiffReport, Finding, Level } from './model.js';

/** How a report is written: one line per finding, a JSON document, or Markdown tables. */
export type ReportFormat = 'text' | 'json' | 'markdown';

/** The lowest level that fails the gate. */
export type FailOn = 'error' | 'warning';

/** Counts over every report, and whether the gate fails. */
export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  failOn: FailOn;
  /** Findings at or above `failOn` in reports whose major version did not go up. */
  failing: number;
  /** Findings at or above `failOn` admitted because their report's major version went up. */
  admitted: number;
}

const RANK: Record<Level, number> = { error: 0, warning: 1, info: 2 };

/** Sums the findings of `reports` and how many of them fail the gate at `failOn`. */
export function summarize(reports: readonly DiffReport[], failOn: FailOn): Summary {
  const summary: Summary = { errors: 0, warnings: 0, infos: 0, failOn, failing: 0, admitted: 0 };
  for (const report of reports) {
    for (const { level } of report.findings) {
      if (level === 'error') summary.errors++;
      else if (level === 'warning') summary.warnings++;
      else summary.infos++;
      if (RANK[level] > RANK[failOn]) continue;
      if (report.majorVersionBumped) summary.admitted++;
      else summary.failing++;
    }
  }
  return summary;
}

/** 1 when a finding at or above `failOn` stands in a report whose major version did not go up. */
export function exitCodeOf(reports: readonly DiffReport[], failOn: FailOn): 0 | 1 {
  return summarize(reports, failOn).failing > 0 ? 1 : 0;
}

/** Writes `reports` in `format`; every format ends with the same counts. */
export function formatReports(
  reports: readonly DiffReport[],
  format: ReportFormat,
  failOn: FailOn,
): string {
  const summary = summarize(reports, failOn);
  if (format === 'json') return JSON.stringify({ reports, summary }, null, 2) + '\n';
  if (format === 'markdown') return markdown(reports, summary);
  return text(reports, summary);
}

/** Findings ordered errors first, then warnings, then info; document order within a level. */
export function byLevel(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.level] - RANK[b.level]);
}

/** One sentence with the counts and the verdict, as the text format's last line. */
export function summaryLine(reports: readonly DiffReport[], summary: Summary): string {
  const counts = `${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info`;
  const bumped = reports.filter((r) => r.majorVersionBumped).map(versionChange);
  const admitted =
    summary.admitted > 0
      ? `; ${summary.admitted} admitted by a major version raise (${bumped.join(', ')})`
      : '';
  const verdict =
    summary.failing > 0
      ? `: breaking changes found (failing on ${summary.failOn})`
      : ': no breaking changes';
  return `${counts}${verdict}${admitted}`;
}

function text(reports: readonly DiffReport[], summary: Summary): string {
  const lines: string[] = [];
  const many = reports.length > 1;
  for (const report of reports) {
    if (many && report.findings.length > 0) lines.push(`# ${title(report)}`);
    for (const f of byLevel(report.findings))
      lines.push(`${f.level} ${f.rule} ${f.location}: ${f.message}`);
  }
  lines.push(summaryLine(reports, summary));
  return lines.join('\n') + '\n';
}

function markdown(reports: readonly DiffReport[], summary: Summary): string {
  const lines = ['# API changes', '', `**${summaryLine(reports, summary)}**`];
  for (const report of reports) {
    lines.push('', `## ${escape(title(report))}`, '');
    if (report.findings.length === 0) {
      lines.push('No changes found.');
      continue;
    }
    lines.push('| level | rule | location | message |', '| --- | --- | --- | --- |');
    for (const f of byLevel(report.findings))
      lines.push(`| ${f.level} | \`${f.rule}\` | ${escape(f.location)} | ${escape(f.message)} |`);
  }
  return lines.join('\n') + '\n';
}

function title(report: DiffReport): string {
  return `${report.base.source} -> ${report.revision.source}`;
}

function versionChange(report: DiffReport): string {
  return `${report.revision.source} ${report.base.version ?? '?'} -> ${report.revision.version ?? '?'}`;
}

function escape(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
