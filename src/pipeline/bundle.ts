import { bundle } from '@redocly/openapi-core';
import type { Config } from '@redocly/openapi-core';

import { StageFailure } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import { toDiagnostics } from './redocly.js';
import { parseSourceFile } from './source.js';
import type { ApiDocument } from './document.js';

/** A root document with every external `$ref` pulled into its components. */
export interface BundledSpec {
  document: ApiDocument;
  /** Absolute paths of every file the bundle read. */
  files: string[];
}

/**
 * Bundles one API version into a single document. External references become components;
 * internal references stay references, so the output keeps the source's structure.
 */
export async function bundleSpec(root: string, config: Config): Promise<BundledSpec> {
  const result = await bundle({ ref: root, config, dereference: false }).catch((err: unknown) =>
    explainParseFailure(root, err),
  );
  const failures = toDiagnostics(result.problems).filter(isUnresolvedRef).map(namedRule);
  if (failures.length > 0) throw new StageFailure('bundle', failures);
  return {
    document: result.bundle.parsed as ApiDocument,
    files: [...result.fileDependencies].sort(),
  };
}

/**
 * Redocly stops at the first syntax error of a root file with a bare message; our parser gives
 * every error its line and column. Rethrows the original error when the file parses.
 */
export function explainParseFailure(root: string, err: unknown): never {
  parseSourceFile(root);
  throw err;
}

/** Redocly reports a reference it cannot follow under its bundler; name the rule for what it is. */
function namedRule(diagnostic: Diagnostic): Diagnostic {
  const unresolved =
    diagnostic.rule === 'bundler' && diagnostic.message.startsWith("Can't resolve $ref");
  return unresolved ? { ...diagnostic, rule: 'no-unresolved-refs' } : diagnostic;
}

function isUnresolvedRef(diagnostic: Diagnostic): boolean {
  return diagnostic.severity === 'error' || diagnostic.rule === 'no-unresolved-refs';
}
