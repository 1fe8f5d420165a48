import { createConfig, getLineColLocation, loadConfig } from '@redocly/openapi-core';
import type { Config, NormalizedProblem } from '@redocly/openapi-core';
import { existsSync } from 'node:fs';

import type { Diagnostic, Severity } from './diagnostics.js';

/** Loads `redocly.yaml` when the project has one, else Redocly's recommended rule set. */
export async function loadRedoclyConfig(configPath?: string): Promise<Config> {
  if (configPath && existsSync(configPath)) return loadConfig({ configPath });
  return createConfig({ extends: ['recommended'] });
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
