import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

import type { DiffOptions } from './compare.js';
import { diffDocuments } from './compare.js';
import { loadDocument, repositoryRoot, withTreeAt } from './load.js';
import { DiffInputError, type DiffReport } from './model.js';

export { CATALOGUE, findRule } from './catalogue.js';
export type { CatalogueEntry } from './catalogue.js';
export type { DiffOptions } from './compare.js';
export { diffDocuments, majorRaised } from './compare.js';
export { MissingRefError, loadDocument } from './load.js';
export type { LoadedDocument } from './load.js';
export type { DiffReport, Finding, Level } from './model.js';
export { DiffInputError } from './model.js';
export { diffProject } from './project.js';
export type { ProjectDiff } from './project.js';
export { exitCodeOf, formatReports } from './report.js';
export type { FailOn, ReportFormat } from './report.js';

/**
 * Compares two API documents on disk (OpenAPI 3.x, Swagger 2.0 or AsyncAPI), following
 * `$ref`s to other files. Throws `DiffInputError` when either cannot be read as an API.
 */
export async function diffFiles(
  basePath: string,
  revisionPath: string,
  options: DiffOptions = {},
): Promise<DiffReport> {
  const base = await loadDocument(basePath);
  const revision = await loadDocument(revisionPath);
  return diffDocuments(base, revision, options);
}

/**
 * Compares a file with the same file at a git ref, read from the whole tree at that ref so its
 * relative `$ref`s resolve as they did then. Throws `MissingRefError` for an unknown ref and
 * `DiffInputError` for a file outside the repository, which has no copy at any ref.
 */
export async function diffFileAtRef(
  file: string,
  ref: string,
  cwd = process.cwd(),
  options: DiffOptions = {},
): Promise<DiffReport> {
  const absolute = isAbsolute(file) ? file : resolve(cwd, file);
  const inRepo = pathInRepository(file, absolute, cwd);
  const revision = await loadDocument(absolute, relative(cwd, absolute));
  return withTreeAt(cwd, ref, async (dir) => {
    const base = await loadDocument(resolve(dir, inRepo), `${relative(cwd, absolute)}@${ref}`);
    return diffDocuments(base, revision, options);
  });
}

/** The file's path from the repository's top folder; refuses a file outside the repository. */
function pathInRepository(file: string, absolute: string, cwd: string): string {
  const top = repositoryRoot(cwd);
  const inRepo = relative(realPath(top), realPath(absolute));
  const outside = inRepo === '..' || inRepo.startsWith(`..${sep}`) || isAbsolute(inRepo);
  if (inRepo !== '' && !outside) return inRepo;
  throw new DiffInputError(
    file,
    `--base-ref reads the file's copy at a git ref, so the file must be inside the git repository ${top}; got ${absolute}, which is outside it (to compare two files, pass both without --base-ref)`,
  );
}

/** The path with symbolic links followed, so a linked checkout compares like its target. */
function realPath(path: string): string {
  return existsSync(path) ? realpathSync(path) : path;
}
