import { lint } from '@redocly/openapi-core';
import type { Config } from '@redocly/openapi-core';

import { StageFailure, hasErrors } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import { configForRoot, toDiagnostics } from './redocly.js';
import { explainParseFailure } from './bundle.js';

/**
 * Lints one root document and every file it references with the house rules, as redocly.yaml's
 * `apis:` entry for that root adjusts them. Returns warnings; throws a StageFailure carrying
 * every diagnostic when any is an error.
 */
export async function lintSpec(root: string, config: Config): Promise<Diagnostic[]> {
  const problems = await lint({ ref: root, config: configForRoot(config, root) }).catch(
    (err: unknown) => explainParseFailure(root, err),
  );
  const diagnostics = toDiagnostics(problems);
  if (hasErrors(diagnostics)) throw new StageFailure('lint', diagnostics);
  return diagnostics;
}
