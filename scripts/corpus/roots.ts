import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { parse } from 'yaml';

/** A root OpenAPI or Swagger document of the corpus: a file that declares the version itself. */
export interface RootDocument {
  /** Path relative to the corpus folder, with forward slashes; rows are keyed and sorted by it. */
  spec: string;
  file: string;
  /** The top-level `openapi` or `swagger` value, or `unknown` when the file does not parse. */
  version: string;
}

const SPEC_FILE = /\.(ya?ml|json)$/i;
const VERSION = /^\d+(\.\d+)*$/;
const ROOT_KEY = /^\s{0,4}["']?(?:openapi|swagger)["']?\s*:/m;

/** The version a parsed document declares in a top-level `openapi` or `swagger` key, if any. */
export function rootVersionOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const key of ['openapi', 'swagger']) {
    const version = (value as Record<string, unknown>)[key];
    if (typeof version !== 'string' && typeof version !== 'number') continue;
    if (VERSION.test(String(version))) return String(version);
  }
  return undefined;
}

/** True when text that does not parse still looks like a root, so the pipeline can report why. */
export function declaresRootKey(text: string): boolean {
  return ROOT_KEY.test(text);
}

/** Every root document under `corpusDir`, sorted by relative path; fragments are left out. */
export function findRootDocuments(corpusDir: string): RootDocument[] {
  const roots = listSpecFiles(corpusDir).flatMap((file) => {
    const version = readRootVersion(file);
    if (version === undefined) return [];
    return [{ spec: relative(corpusDir, file).split(sep).join('/'), file, version }];
  });
  return roots.sort((a, b) => compareText(a.spec, b.spec));
}

/** Orders strings by code unit, so the order does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function readRootVersion(file: string): string | undefined {
  const text = readFileSync(file, 'utf8');
  // Parsing is what decides, but a file that never spells either key cannot be a root, and
  // skipping those spares parsing most of the two thousand DigitalOcean fragments.
  if (!text.includes('openapi') && !text.includes('swagger')) return undefined;
  try {
    const value: unknown = /\.json$/i.test(file)
      ? JSON.parse(text)
      : parse(text, { maxAliasCount: -1 });
    return rootVersionOf(value);
  } catch {
    return declaresRootKey(text) ? 'unknown' : undefined;
  }
}

function listSpecFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  return entries.flatMap((entry) => {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSpecFiles(path);
    return entry.isFile() && SPEC_FILE.test(entry.name) ? [path] : [];
  });
}
