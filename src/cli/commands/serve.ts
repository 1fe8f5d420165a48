import type { Command } from 'commander';

import { generateProject, projectPaths } from '../../pipeline/run.js';
import { fail, printStage } from '../output.js';

/** `junction serve`: regenerates what changed, then serves every API version and its docs. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the APIs, their docs and health checks')
    .action(async () => {
      const paths = projectPaths(process.cwd());
      const report = await generateProject(
        paths,
        (result) => result.status !== 'skipped' && printStage(result),
      );
      if (!report.ok) return fail('the specs do not generate; run `junction generate` for details');
      // Loaded here so `generate` and `lint` do not pay for the runtime's start-up.
      const { runUntilSignalled } = await import('../../runtime/server.js');
      await runUntilSignalled(paths.projectDir);
    });
}
