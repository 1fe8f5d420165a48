import type { Command } from 'commander';
import { Option } from 'commander';

import type { DiffReport, FailOn, ReportFormat } from '../../contracts/diff/index.js';
import {
  CATALOGUE,
  DiffInputError,
  MissingRefError,
  diffFileAtRef,
  diffFiles,
  diffProject,
  exitCodeOf,
  formatReports,
} from '../../contracts/diff/index.js';
import { fail } from '../output.js';

interface DiffCommandOptions {
  baseRef?: string;
  format: ReportFormat;
  failOn: FailOn;
  allowMissingBase?: boolean;
  rules?: boolean;
}

/** Exit code when the inputs cannot be compared, apart from 1 for "breaking changes found". */
const UNUSABLE_INPUT = 2;

/**
 * `junction diff`: the breaking-change gate. Exits 1 when a change fails the gate, 2 when the
 * inputs cannot be compared, 0 otherwise.
 *
 * @example
 * junction diff specs/openapi/sales/v1/openapi.yaml build/sales-v1.yaml
 * junction diff --base-ref HEAD~1 --allow-missing-base --format markdown
 */
export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('report breaking changes between two OpenAPI or AsyncAPI documents')
    .argument('[base]', 'the earlier document; with --base-ref, the file to compare (optional)')
    .argument('[revision]', 'the later document')
    .option(
      '--base-ref <ref>',
      'compare with the same file, or every API under specs/, at a git ref',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json', 'markdown'])
        .default('text'),
    )
    .addOption(
      new Option('--fail-on <level>', 'lowest level that fails')
        .choices(['error', 'warning'])
        .default('error'),
    )
    .option(
      '--allow-missing-base',
      'exit 0 when --base-ref names no commit (first commit, shallow clone)',
    )
    .option('--rules', 'list every rule with its level(s) and stop')
    .action(
      async (
        base: string | undefined,
        revision: string | undefined,
        options: DiffCommandOptions,
      ) => {
        if (options.rules) return void process.stdout.write(listRules());
        try {
          const reports = await compare(base, revision, options);
          if (!reports) return;
          process.stdout.write(formatReports(reports, options.format, options.failOn));
          process.exitCode = exitCodeOf(reports, options.failOn);
        } catch (err) {
          explain(err, options);
        }
      },
    );
}

async function compare(
  base: string | undefined,
  revision: string | undefined,
  options: DiffCommandOptions,
): Promise<DiffReport[] | undefined> {
  const ref = options.baseRef;
  if (ref === undefined) {
    if (base === undefined || revision === undefined)
      return void fail(
        'expected two files, BASE and REVISION, or --base-ref REF [FILE]',
        UNUSABLE_INPUT,
      );
    return [await diffFiles(base, revision)];
  }
  if (revision !== undefined)
    return void fail(
      `expected at most one file with --base-ref, got '${base}' and '${revision}'`,
      UNUSABLE_INPUT,
    );
  if (base !== undefined) return [await diffFileAtRef(base, ref)];
  return (await diffProject(process.cwd(), ref)).reports;
}

function explain(err: unknown, options: DiffCommandOptions): void {
  if (err instanceof MissingRefError && options.allowMissingBase) {
    process.stderr.write(`junction: ${err.message}; nothing to compare\n`);
    return;
  }
  if (err instanceof MissingRefError || err instanceof DiffInputError)
    return fail(err.message, UNUSABLE_INPUT);
  fail(`the diff failed: ${err instanceof Error ? err.message : String(err)}`, UNUSABLE_INPUT);
}

function listRules(): string {
  const lines = CATALOGUE.map((rule) => {
    const { request, response } = rule.levels;
    const level = request === response ? request : `request ${request}, response ${response}`;
    return `${rule.family.padEnd(8)} ${rule.id.padEnd(52)} ${level.padEnd(32)} ${rule.summary}`;
  });
  return lines.join('\n') + '\n';
}
