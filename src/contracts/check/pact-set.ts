import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { ApiSource } from '../../pipeline/spec-set.js';
import { readPactFile } from '../pact/index.js';
import { checkPact } from './check-pact.js';
import type { PactReport } from './model.js';
import type { SpecResult } from './spec.js';
import { loadSpecFile } from './spec.js';

/** The outcome for one pact file: its report against its spec, or why it could not be checked. */
export type PactFileResult =
  { pact: string; spec: string; report: PactReport } | { pact: string; problem: string };

/** Every `*.json` file under `dir`, at any depth, sorted; none when `dir` does not exist. */
export function findPactFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Checks each pact against the spec of the API its `provider.name` names (`canonical-v1`,
 * `canonical-events-v1`), reading each spec once. A pact that cannot be read, names an unknown
 * provider, or whose spec cannot be read is a problem for that file; the others go on.
 */
export async function checkPactFiles(
  files: readonly string[],
  apis: readonly ApiSource[],
): Promise<PactFileResult[]> {
  const specs = new Map<string, Promise<SpecResult>>();
  const results: PactFileResult[] = [];
  for (const file of files) {
    const read = readPactFile(file);
    if (!read.ok) {
      results.push({ pact: file, problem: read.problem.message });
      continue;
    }
    const api = apis.find((candidate) => candidate.id === read.pact.provider);
    if (!api) {
      const known = apis.map((candidate) => candidate.id).join(', ');
      const problem = `expected provider.name to be an API id (${known}), got "${read.pact.provider}"`;
      results.push({ pact: file, problem });
      continue;
    }
    if (!specs.has(api.id)) specs.set(api.id, loadSpecFile(api.root));
    const spec = await specs.get(api.id)!;
    results.push(
      spec.ok
        ? { pact: file, spec: api.id, report: checkPact(read.pact, spec.spec) }
        : { pact: file, problem: spec.problem },
    );
  }
  return results;
}
