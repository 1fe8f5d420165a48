import type { PactReport, Reason, Summary, Verdict } from './model.js';

const MARKS = { pass: 'PASS', fail: 'FAIL', unsupported: 'UNSUPPORTED' } as const;

/**
 * The text report of one pact: a heading, one line per interaction with its outcome and what it
 * was checked as, each reason indented below it, and a summary line.
 */
export function formatReportText(report: PactReport, source?: string): string {
  const heading = `${report.consumer || '(no consumer)'} -> ${report.provider || '(no provider)'}${source ? ` (${source})` : ''}`;
  const lines = [heading];
  for (const verdict of report.verdicts) lines.push(...formatVerdict(verdict));
  lines.push(formatSummary(report.summary));
  return `${lines.join('\n')}\n`;
}

/** `3 interactions: 1 pass, 1 fail, 1 unsupported`. */
export function formatSummary(summary: Summary): string {
  const total = summary.pass + summary.fail + summary.unsupported;
  return `${total} interaction${total === 1 ? '' : 's'}: ${summary.pass} pass, ${summary.fail} fail, ${summary.unsupported} unsupported`;
}

function formatVerdict(verdict: Verdict): string[] {
  const line = `  ${MARKS[verdict.outcome].padEnd(11)} ${verdict.description} (${verdict.detail})`;
  return [line, ...verdict.reasons.map(formatReason)];
}

/** `invalid-response-body at /response/body/id: expected type integer, got string "x"`. */
export function formatReason(reason: Reason): string {
  return `      ${reason.code} at ${reason.pointer || '/'}: expected ${reason.expected}, got ${reason.actual}`;
}
