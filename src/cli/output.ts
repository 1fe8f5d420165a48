import { formatDiagnostic } from '../pipeline/diagnostics.js';
import type { StageResult } from '../pipeline/stage.js';

/** Prints one progress line per stage to stderr, and each diagnostic of a failed stage. */
export function printStage(result: StageResult): void {
  const mark = result.status === 'ok' ? 'ok  ' : result.status === 'skipped' ? 'skip' : 'FAIL';
  const time = result.status === 'skipped' ? 'unchanged' : `${result.ms} ms`;
  process.stderr.write(`${mark} ${result.api.padEnd(24)} ${result.stage.padEnd(9)} ${time}\n`);
  for (const diagnostic of result.diagnostics)
    process.stderr.write(`  ${formatDiagnostic(diagnostic)}\n`);
}

/** Writes a one-line error to stderr and sets the exit code; no stack trace. */
export function fail(message: string, exitCode = 1): void {
  process.stderr.write(`junction: ${message}\n`);
  process.exitCode = exitCode;
}
