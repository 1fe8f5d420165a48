/** Where in a source file a diagnostic points; line and column are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  pointer?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** One problem found in a spec: what rule, where, and what to do about it. */
export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  location?: SourceLocation;
  hint?: string;
}

/** Thrown by a stage whose input cannot go on; carries every diagnostic that made it stop. */
export class StageFailure extends Error {
  constructor(
    readonly stage: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(`${stage} failed with ${diagnostics.length} problem(s)`);
    this.name = 'StageFailure';
  }
}

/** Formats a diagnostic as one line: `file:line:column severity rule message`. */
export function formatDiagnostic(diagnostic: Diagnostic, cwd = process.cwd()): string {
  const where = diagnostic.location
    ? `${relativeTo(cwd, diagnostic.location.file)}:${diagnostic.location.line}:${diagnostic.location.column}`
    : '-';
  const hint = diagnostic.hint ? ` (${diagnostic.hint})` : '';
  return `${where} ${diagnostic.severity} ${diagnostic.rule} ${diagnostic.message}${hint}`;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}

function relativeTo(cwd: string, file: string): string {
  return file.startsWith(cwd + '/') ? file.slice(cwd.length + 1) : file;
}
