import { createConfig, getLineColLocation, loadConfig } from '@redocly/openapi-core';
import type { Config, NormalizedProblem } from '@redocly/openapi-core';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import type { Diagnostic, Severity } from './diagnostics.js';
import { createHouseRules } from './lint-rules/index.js';

/**
 * Loads `redocly.yaml` when the project has one, else Redocly's recommended rule set. Either way
 * the house rules (`pii-marked`, `problem-responses`, `paging-parameters`) are registered, so
 * the configuration can turn them on; their paths resolve against the configuration's directory.
 */
export async function loadRedoclyConfig(configPath?: string): Promise<Config> {
  if (configPath && existsSync(configPath))
    return loadConfig({ configPath, plugins: [createHouseRules(dirname(resolve(configPath)))] });
  const plugins = [createHouseRules(process.cwd())];
  return createConfig({ extends: ['recommended'] }, { plugins });
}

/**
 * The configuration that applies to one root document: the `apis:` entry of redocly.yaml whose
 * `root` is that file, merged over the top level, or the top level when no entry names it.
 */
export function configForRoot(config: Config, root: string): Config {
  const apis = config.resolvedConfig.apis ?? {};
  const base = config.configPath ? dirname(resolve(config.configPath)) : process.cwd();
  const alias = Object.keys(apis).find((name) => {
    const apiRoot = apis[name]?.root;
    return typeof apiRoot === 'string' && resolve(base, apiRoot) === resolve(root);
  });
  return alias === undefined ? config : config.forAlias(alias);
}

/** Turns Redocly problems into diagnostics with file, line and column. */
export function toDiagnostics(problems: readonly NormalizedProblem[]): Diagnostic[] {
  return problems.map((problem) => {
    const diagnostic: Diagnostic = {
      rule: problem.ruleId,
      severity: severityOf(problem.severity),
      message: problem.message,
    };
    const where = problem.location[0];
    if (where) {
      const { start } = getLineColLocation(where);
      diagnostic.location = {
        file: where.source.absoluteRef,
        line: start.line,
        column: start.col,
        pointer: where.pointer ?? '#/',
      };
    }
    const suggestion = problem.suggest[0];
    if (suggestion) diagnostic.hint = `did you mean '${suggestion}'?`;
    return diagnostic;
  });
}

function severityOf(severity: string): Severity {
  if (severity === 'error') return 'error';
  if (severity === 'warn') return 'warning';
  return 'info';
}
