import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, four folders above this one. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The shared corpus of third-party AsyncAPI documents, beside the checkout. */
export const ASYNCAPI_CORPUS = join(REPO_ROOT, '../shared/corpus/asyncapi');

/**
 * Every AsyncAPI 2.x and 3.x root document of the corpus, relative to it. The files under
 * `social-media/common/` are fragments the services refer to, and `slack/` is AsyncAPI 1.2.0.
 */
export function corpusDocuments(): string[] {
  return walk(ASYNCAPI_CORPUS)
    .map((file) => relative(ASYNCAPI_CORPUS, file))
    .filter((file) => /^spec-v[23]\./.test(file) && !file.includes('/common/'))
    .sort();
}

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
