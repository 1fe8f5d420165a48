import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared corpus of third-party API documents, beside the checkout. */
export const CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));

/**
 * Every OpenAPI 3.x and Swagger 2.0 root document of the corpus's `openapi/` folder and every
 * real release under `openapi-pairs/`, relative to the corpus. Roots are the files that give an
 * `openapi` or `swagger` version; the rest are fragments the roots refer to. oasdiff's
 * checker fixtures are left out: they are unit inputs, not published documents.
 */
export function openApiCorpusDocuments(): string[] {
  return [...walk(join(CORPUS, 'openapi')), ...walk(join(CORPUS, 'openapi-pairs'))]
    .filter((file) => !file.includes('/oasdiff-checker/') && isRootDocument(file))
    .map((file) => relative(CORPUS, file))
    .sort();
}

/** A line that gives the version: `openapi: 3.0.3`, `"swagger": "2.0"`, at any indentation. */
const VERSION_LINE = /^\s*["']?(openapi|swagger)["']?\s*:\s*["']?\d/m;

function isRootDocument(file: string): boolean {
  return /\.(json|ya?ml)$/.test(file) && VERSION_LINE.test(readFileSync(file, 'utf8'));
}

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
