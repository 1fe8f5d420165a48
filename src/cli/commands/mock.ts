import type { Command } from 'commander';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { MockSettings } from '../../pipeline/mocks.js';
import { startPrism } from '../../pipeline/prism.js';
import { generateProject, projectPaths } from '../../pipeline/run.js';
import { discoverApis } from '../../pipeline/spec-set.js';
import { fail, printStage } from '../output.js';

/** `junction mock <api>`: serves an API's examples with Prism on its assigned port. */
export function registerMock(program: Command): void {
  program
    .command('mock')
    .description('start a Prism mock of one API version (for example billing-system-v1)')
    .argument('<api>', 'API id as listed in the catalog, or its name')
    .option('-p, --port <port>', "port to listen on (default: the API's assigned port)")
    .action(async (api: string, options: { port?: string }) => {
      const paths = projectPaths(process.cwd());
      const known = discoverApis(paths.specsDir).filter(
        (candidate) => candidate.kind === 'openapi',
      );
      if (!known.some((candidate) => candidate.id === api || candidate.id === `${api}-v1`)) {
        return fail(
          `unknown API '${api}'; expected one of: ${known.map((candidate) => candidate.id).join(', ')}`,
        );
      }
      const report = await generateProject(
        paths,
        (result) => result.status === 'failed' && printStage(result),
      );
      if (!report.ok) return fail('the specs do not generate; run `junction generate` for details');
      const settings = findMock(paths.outDir, api);
      if (!settings)
        return fail(`unknown API '${api}'; expected one of: ${mockIds(paths.outDir).join(', ')}`);
      const port = options.port ? Number(options.port) : settings.port;
      const prism = await startPrism(
        join(paths.outDir, settings.api, settings.document),
        settings.host,
        port,
      );
      process.stdout.write(`${settings.title} mock listening on ${prism.url}\n`);
      const stop = () => prism.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await prism.exited;
    });
}

function findMock(outDir: string, api: string): MockSettings | undefined {
  const id = mockIds(outDir).find((candidate) => candidate === api || candidate === `${api}-v1`);
  if (!id) return undefined;
  return JSON.parse(readFileSync(join(outDir, id, 'mock.json'), 'utf8')) as MockSettings;
}

function mockIds(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir)
    .filter((id) => existsSync(join(outDir, id, 'mock.json')))
    .sort();
}
