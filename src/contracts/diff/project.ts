import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';

import type { ApiSource } from '../../pipeline/spec-set.js';
import { discoverApis } from '../../pipeline/spec-set.js';
import type { DiffOptions } from './compare.js';
import { diffDocuments } from './compare.js';
import { loadDocument, repositoryRoot, withTreeAt } from './load.js';
import { DiffInputError } from './model.js';
import type { DiffReport, Level } from './model.js';

/** The rules of a whole-project comparison, where an API version is the unit. */
export const PROJECT_RULES: Record<string, { summary: string; level: Level }> = {
  'api-removed': { level: 'error', summary: 'an API version under specs/ is gone' },
  'api-added': { level: 'info', summary: 'an API version under specs/ is new' },
};

/** Every API version of the project compared with itself at a git ref. */
export interface ProjectDiff {
  ref: string;
  reports: DiffReport[];
}

/**
 * Compares every API root under `specs/` in the working tree with the same root at `ref`. An
 * API new in the working tree is reported as `api-added`, one gone as `api-removed`. Throws
 * `MissingRefError` when `ref` names no commit.
 */
export async function diffProject(
  cwd: string,
  ref: string,
  options: DiffOptions = {},
): Promise<ProjectDiff> {
  if (!existsSync(join(cwd, 'specs')))
    throw new DiffInputError(
      cwd,
      'expected a specs/ folder here to compare with the ref; run from the project root or name a file',
    );
  const top = repositoryRoot(cwd);
  const specs = relative(top, join(cwd, 'specs'));
  const current = discoverApis(join(top, specs));
  const reports = await withTreeAt(cwd, ref, async (dir) => {
    const previous = new Map(discoverApis(join(dir, specs)).map((api) => [api.id, api]));
    const found: DiffReport[] = [];
    for (const api of current) {
      const before = previous.get(api.id);
      previous.delete(api.id);
      const label = relative(top, api.root);
      if (!before) found.push(membership(api, 'api-added', label, ref));
      else found.push(await diffApi(before.root, api.root, label, ref, options));
    }
    for (const api of previous.values())
      found.push(membership(api, 'api-removed', relative(dir, api.root), ref));
    return found;
  });
  return { ref, reports };
}

async function diffApi(
  baseRoot: string,
  root: string,
  label: string,
  ref: string,
  options: DiffOptions,
): Promise<DiffReport> {
  const base = await loadDocument(baseRoot, `${label}@${ref}`);
  const revision = await loadDocument(root, label);
  return diffDocuments(base, revision, options);
}

function membership(
  api: ApiSource,
  rule: 'api-added' | 'api-removed',
  label: string,
  ref: string,
): DiffReport {
  const added = rule === 'api-added';
  const message = added
    ? `API ${api.id} is new since ${ref}`
    : `API ${api.id} was removed since ${ref}; its clients lose every operation`;
  const level = PROJECT_RULES[rule]?.level ?? 'error';
  const side = { source: added ? label : `${label}@${ref}`, version: undefined };
  const none = { source: '-', version: undefined };
  return {
    kind: api.kind,
    base: added ? none : side,
    revision: added ? side : none,
    findings: [{ rule, level, location: api.id, message }],
    majorVersionBumped: false,
  };
}
