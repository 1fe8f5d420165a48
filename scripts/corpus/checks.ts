import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { bundleSpec } from '../../src/pipeline/bundle.js';
import type { ApiDocument } from '../../src/pipeline/document.js';
import { listOperations } from '../../src/pipeline/document.js';
import { loadRedoclyConfig } from '../../src/pipeline/redocly.js';
import type { CheckOutcome } from './prism-probe.js';
import { probePrism } from './prism-probe.js';
import { typecheckFiles } from './typecheck.js';

const GENERATED_TS = ['types.ts', 'handlers.ts', 'client.ts'];

/** Compiles the generated TypeScript in `outDir`; fails with the first error when any. */
export function checkTypes(outDir: string, projectDir: string): CheckOutcome {
  const files = GENERATED_TS.map((name) => join(outDir, name)).filter((file) => existsSync(file));
  const result = typecheckFiles(files, projectDir);
  const detail = `${result.errors} error(s) in ${files.length} file(s)`;
  if (!result.first) return { status: 'ok', detail };
  return { status: 'failed', reason: `${result.errors} error(s), first: ${result.first}`, detail };
}

/** Passes when the docs page was written and is not empty. */
export function checkDocsPage(outDir: string): CheckOutcome {
  const page = join(outDir, 'index.html');
  if (!existsSync(page)) return { status: 'failed', reason: 'index.html was not written' };
  const bytes = statSync(page).size;
  if (bytes === 0) return { status: 'failed', reason: 'index.html is empty' };
  return { status: 'ok', detail: `index.html ${bytes} bytes` };
}

/** Sends one GET to a Prism mock of the bundled document in `outDir`. */
export function checkMock(outDir: string): Promise<CheckOutcome> {
  const file = join(outDir, 'openapi.json');
  return probePrism(file, readJson(file) as ApiDocument);
}

/**
 * Counts the operations of the bundled document in `outDir`; when the pipeline wrote none,
 * bundles `root` again to count them. Undefined when that fails too.
 */
export async function countOperations(outDir: string, root: string): Promise<number | undefined> {
  const file = join(outDir, 'openapi.json');
  if (existsSync(file)) return listOperations(readJson(file) as ApiDocument).length;
  try {
    const { document } = await bundleSpec(root, await loadRedoclyConfig());
    return listOperations(document).length;
  } catch {
    return undefined;
  }
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}
