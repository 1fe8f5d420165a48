import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { StageFailure } from '../src/pipeline/diagnostics.js';
import type { Diagnostic } from '../src/pipeline/diagnostics.js';
import { lintSpec } from '../src/pipeline/lint.js';
import { loadRedoclyConfig } from '../src/pipeline/redocly.js';

/** The repository root, whose redocly.yaml and shared specs the fragments use. */
export const ROOT = join(import.meta.dirname, '..');

/** The shared schemas and parameters, for `$ref`s in fragments. */
export const SHARED = join(ROOT, 'specs/openapi/shared');

/** One diagnostic as a test compares it: where, in which file, by which rule. */
export interface Found {
  rule: string;
  severity: Diagnostic['severity'];
  message: string;
  file: string;
  line: number;
  column: number;
}

/**
 * Writes `files` (name → YAML) to a fresh directory and lints `openapi.yaml` there with the
 * repository's redocly.yaml, through the entry point `junction lint` uses. Returns the
 * diagnostics of `rule` only.
 */
export async function lintFragment(rule: string, files: Record<string, string>): Promise<Found[]> {
  const dir = mkdtempSync(join(tmpdir(), 'junction-lint-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const config = await loadRedoclyConfig(join(ROOT, 'redocly.yaml'));
    const diagnostics = await lintSpec(join(dir, 'openapi.yaml'), config).catch((err: unknown) => {
      if (err instanceof StageFailure) return err.diagnostics;
      throw err;
    });
    return diagnostics.filter((diagnostic) => diagnostic.rule === rule).map(toFound);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wraps `paths` YAML (indented two spaces) in a minimal OpenAPI 3.1 document. */
export function openapi(paths: string, components = ''): string {
  return [
    'openapi: 3.1.0',
    'info:',
    '  title: Fragment',
    '  version: 1.0.0',
    'paths:',
    paths.replace(/\n$/, ''),
    components.replace(/\n$/, ''),
    '',
  ].join('\n');
}

function toFound(diagnostic: Diagnostic): Found {
  return {
    rule: diagnostic.rule,
    severity: diagnostic.severity,
    message: diagnostic.message,
    file: basename(diagnostic.location?.file ?? '-'),
    line: diagnostic.location?.line ?? 0,
    column: diagnostic.location?.column ?? 0,
  };
}
