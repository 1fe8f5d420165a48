import type { Command } from 'commander';
import { join, relative, resolve } from 'node:path';

import type { PactFileResult } from '../../contracts/check/pact-set.js';
import { checkPactFiles, findPactFiles } from '../../contracts/check/pact-set.js';
import {
  checkPact,
  formatReportText,
  formatSummary,
  loadSpecFile,
  summarize,
} from '../../contracts/check/index.js';
import { readPactFile } from '../../contracts/pact/index.js';
import { discoverApis } from '../../pipeline/spec-set.js';

/** Options of `junction contracts check`. */
export interface ContractsCheckOptions {
  pact?: string;
  spec?: string;
  pacts?: string;
  format?: string;
}

/** Where the command writes: results to `out`, problems to `err`. */
export interface CommandOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * `junction contracts check`: checks consumer pacts against the provider's spec.
 *
 * @example
 * junction contracts check --pact contracts/pacts/portal-canonical-v1.json --spec specs/openapi/canonical/v1/openapi.yaml
 * junction contracts check --format json   # every pact under contracts/pacts/ against its provider
 */
export function registerContracts(program: Command): void {
  const contracts = program.command('contracts').description('consumer contracts (Pact)');
  contracts
    .command('check')
    .description('check every pact interaction against the provider spec; exit 1 when any fails')
    .option('--pact <file>', 'one pact file (with --spec)')
    .option('--spec <file>', 'the OpenAPI or AsyncAPI document to check --pact against')
    .option('--pacts <dir>', 'folder of pacts whose provider.name is an API id', 'contracts/pacts')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: ContractsCheckOptions) => {
      process.exitCode = await runContractsCheck(options, process.cwd(), {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
      });
    });
}

/** Runs the check and returns the exit code: 0 all pass, 1 any fails, 2 a pact or spec unreadable. */
export async function runContractsCheck(
  options: ContractsCheckOptions,
  cwd: string,
  output: CommandOutput,
): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    return usage(output, `expected --format text or json, got "${format}"`);
  if ((options.pact === undefined) !== (options.spec === undefined))
    return usage(output, 'expected --pact and --spec together, got only one of them');
  const results =
    options.pact !== undefined && options.spec !== undefined
      ? [await checkOne(options.pact, options.spec)]
      : await checkDirectory(resolve(cwd, options.pacts ?? 'contracts/pacts'), cwd, output);
  if (results === undefined) return 0;
  output.out(format === 'json' ? formatJson(results, cwd) : formatText(results, cwd));
  for (const result of results)
    if ('problem' in result)
      output.err(`junction: cannot check ${relative(cwd, result.pact)}: ${result.problem}\n`);
  return exitCode(results);
}

async function checkOne(pactFile: string, specFile: string): Promise<PactFileResult> {
  const read = readPactFile(pactFile);
  if (!read.ok) return { pact: pactFile, problem: read.problem.message };
  const spec = await loadSpecFile(specFile);
  if (!spec.ok) return { pact: pactFile, problem: spec.problem };
  return { pact: pactFile, spec: specFile, report: checkPact(read.pact, spec.spec) };
}

async function checkDirectory(
  dir: string,
  cwd: string,
  output: CommandOutput,
): Promise<PactFileResult[] | undefined> {
  const files = findPactFiles(dir);
  if (files.length > 0) return checkPactFiles(files, discoverApis(join(cwd, 'specs')));
  output.err(
    `junction: no pact files (*.json) under ${relative(cwd, dir) || '.'}; nothing to check\n`,
  );
  return undefined;
}

function formatText(results: readonly PactFileResult[], cwd: string): string {
  const blocks = results.map((result) =>
    'report' in result
      ? formatReportText(result.report, relative(cwd, result.pact))
      : `${relative(cwd, result.pact)}\n  NOT CHECKED ${result.problem}\n`,
  );
  const verdicts = results.flatMap((result) => ('report' in result ? result.report.verdicts : []));
  const unchecked = results.filter((result) => 'problem' in result).length;
  const total = `${results.length} pact${results.length === 1 ? '' : 's'} (${unchecked} not checked), ${formatSummary(summarize(verdicts))}`;
  return `${blocks.join('\n')}\n${total}\n`;
}

function formatJson(results: readonly PactFileResult[], cwd: string): string {
  const verdicts = results.flatMap((result) => ('report' in result ? result.report.verdicts : []));
  const pacts = results.map((result) => ({ ...result, pact: relative(cwd, result.pact) }));
  return `${JSON.stringify({ pacts, summary: summarize(verdicts) }, null, 2)}\n`;
}

function exitCode(results: readonly PactFileResult[]): number {
  if (results.some((result) => 'problem' in result)) return 2;
  return results.some((result) => 'report' in result && result.report.summary.fail > 0) ? 1 : 0;
}

function usage(output: CommandOutput, message: string): number {
  output.err(`junction: ${message}\n`);
  return 2;
}
