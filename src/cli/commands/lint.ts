import type { Command } from 'commander';
import { join } from 'node:path';

import { formatDiagnostic, hasErrors } from '../../pipeline/diagnostics.js';
import type { Diagnostic } from '../../pipeline/diagnostics.js';
import { StageFailure } from '../../pipeline/diagnostics.js';
import { lintSpec } from '../../pipeline/lint.js';
import { loadRedoclyConfig } from '../../pipeline/redocly.js';
import { parseSourceFile } from '../../pipeline/source.js';
import { discoverApis } from '../../pipeline/spec-set.js';
import { fail } from '../output.js';

/** `junction lint [files...]`: lints the given specs, or every spec under `specs/`. */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .description('lint specs with the house rules in redocly.yaml')
    .argument('[files...]', 'spec files; every API under specs/ when omitted')
    .action(async (files: string[]) => {
      const roots =
        files.length > 0
          ? files
          : discoverApis(join(process.cwd(), 'specs')).map((api) => api.root);
      const config = await loadRedoclyConfig(join(process.cwd(), 'redocly.yaml'));
      const diagnostics: Diagnostic[] = [];
      for (const root of roots) diagnostics.push(...(await lintOne(root, config)));
      // A file that several roots reference is linted with each; report each finding once.
      const lines = new Set(diagnostics.map((diagnostic) => formatDiagnostic(diagnostic)));
      for (const line of lines) process.stdout.write(line + '\n');
      if (hasErrors(diagnostics))
        fail(`${diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
    });
}

async function lintOne(
  root: string,
  config: Awaited<ReturnType<typeof loadRedoclyConfig>>,
): Promise<Diagnostic[]> {
  try {
    parseSourceFile(root);
    return await lintSpec(root, config);
  } catch (err) {
    if (err instanceof StageFailure) return err.diagnostics;
    throw err;
  }
}
