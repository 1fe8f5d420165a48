import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Hashes of each API's inputs at its last successful generation, by API id. */
export type CacheState = Record<string, string>;

// The compiled build runs from dist/src/pipeline; hash the TypeScript it was compiled from, so
// switching between the build and the sources does not look like a new generator.
const pipelineDir = dirname(fileURLToPath(import.meta.url)).replace(
  /[/\\]dist([/\\]src[/\\]pipeline)$/,
  '$1',
);
let pipelineHash: string | undefined;

/** Reads the cache; a missing or unreadable cache is empty, so everything regenerates. */
export function readCache(file: string): CacheState {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CacheState;
  } catch {
    return {};
  }
}

/** Writes the cache. */
export function writeCache(file: string, state: CacheState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(state, null, 2) + '\n');
}

/**
 * Hashes every file under the given folders, the given settings files (a missing one counts as
 * empty) and the pipeline's own source, so output is regenerated when a spec, a setting such as
 * the lint rules, or the generator changes.
 */
export function hashInputs(folders: readonly string[], settings: readonly string[] = []): string {
  const hash = createHash('sha256');
  pipelineHash ??= hashFolders([pipelineDir], pipelineDir, isPipelineSource);
  hash.update(pipelineHash);
  hash.update(hashFolders(folders, '/'));
  for (const file of settings) hash.update(existsSync(file) ? readFileSync(file) : '\0');
  return hash.digest('hex');
}

function hashFolders(
  folders: readonly string[],
  base: string,
  include: (file: string) => boolean = () => true,
): string {
  const hash = createHash('sha256');
  for (const folder of folders) {
    for (const file of listFiles(folder).filter(include)) {
      hash.update(relative(base, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** The generator's own code: tests and fixtures beside it do not change what it writes. */
function isPipelineSource(file: string): boolean {
  return /\.(ts|mjs)$/.test(file) && !/\.test\.ts$/.test(file);
}

function listFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}
