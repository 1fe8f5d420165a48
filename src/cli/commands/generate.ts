import type { Command } from 'commander';

import { generateProject, generateSpecFile, projectPaths } from '../../pipeline/run.js';
import { fail, printStage } from '../output.js';

/** `junction generate`: runs the pipeline over `specs/`, or over one file with `--spec`. */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('generate types, stubs, clients, mocks and docs from the specs')
    .option('--spec <file>', 'generate from one OpenAPI document (any third-party spec)')
    .option('--out <dir>', 'output folder for --spec', 'generated-spec')
    .action(async (options: { spec?: string; out: string }) => {
      const started = Date.now();
      const report = options.spec
        ? await generateSpecFile(options.spec, options.out, printStage)
        : await generateProject(projectPaths(process.cwd()), printStage);
      if (!report.ok) return fail('generation failed; nothing was written');
      const changed =
        report.changed.length === 0
          ? 'nothing changed'
          : `regenerated ${report.changed.join(', ')}`;
      process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${changed}\n`);
    });
}
