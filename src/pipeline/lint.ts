import { lint } from '@redocly/openapi-core';
import type { Config } from '@redocly/openapi-core';

import { StageFailure, hasErrors } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import { toDiagnostics } from './redocly.js';
import { parseSourceFile } from './source.js';

/**
 * Lints one root document and every file it references with the house rules.
 * Returns warnings; throws a StageFailure carrying every diagnostic when any is an error.
 */
export async function lintSpec(root: string, config: Config): Promise<Diagnostic[]> {
  // Redocly stops at the first syntax error of the root file; our parser reports each one.
  parseSourceFile(root);
  const diagnostics = toDiagnostics(await lint({ ref: root, config }));
  if (hasErrors(diagnostics)) throw new StageFailure('lint', diagnostics);
  return diagnostics;
}
