import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type SpecKind = 'openapi' | 'asyncapi';
export type ApiLayer = 'canonical' | 'context' | 'platform' | 'system' | 'events';

/** One API version found under `specs/`: its id is `<name>-<version>`, e.g. `canonical-v1`. */
export interface ApiSource {
  id: string;
  name: string;
  version: string;
  kind: SpecKind;
  layer: ApiLayer;
  root: string;
  /** Folders whose files feed this API; their content decides whether a stage reruns. */
  inputs: string[];
}

const ROOT_FILES: Record<SpecKind, string> = {
  openapi: 'openapi.yaml',
  asyncapi: 'asyncapi.yaml',
};

/** Lists every API version under `specsDir`, sorted by id so runs are deterministic. */
export function discoverApis(specsDir: string): ApiSource[] {
  const shared = join(specsDir, 'openapi', 'shared');
  const found = [
    ...scan(join(specsDir, 'openapi'), 'openapi', [shared]),
    ...scan(join(specsDir, 'asyncapi'), 'asyncapi', [shared, join(specsDir, 'openapi')]),
    ...scan(join(specsDir, 'systems'), 'openapi', []),
  ];
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

function scan(base: string, kind: SpecKind, sharedInputs: string[]): ApiSource[] {
  const apis: ApiSource[] = [];
  for (const name of listDirs(base)) {
    if (name === 'shared') continue;
    for (const version of listDirs(join(base, name))) {
      const folder = join(base, name, version);
      const root = join(folder, ROOT_FILES[kind]);
      if (!existsSync(root)) continue;
      const layer = layerOf(base, name, kind);
      const id = kind === 'asyncapi' ? `${name}-events-${version}` : `${name}-${version}`;
      const siblings = referencedSiblings(folder).map((sibling) => join(base, name, sibling));
      const inputs = [folder, ...siblings, ...sharedInputs];
      apis.push({ id, name, version, kind, layer, root, inputs });
    }
  }
  return apis;
}

function layerOf(base: string, name: string, kind: SpecKind): ApiLayer {
  if (kind === 'asyncapi') return 'events';
  if (base.endsWith('systems')) return 'system';
  if (name === 'canonical') return 'canonical';
  if (name === 'platform') return 'platform';
  return 'context';
}

function listDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The sibling version folders a version's files reference (`$ref: ../v1/paths/x.yaml`): v2
 * reuses the unchanged parts of v1, so a change there must regenerate v2 as well.
 */
function referencedSiblings(folder: string): string[] {
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(ya?ml|json)$/.test(entry.name)) {
        for (const match of readFileSync(path, 'utf8').matchAll(/\.\.\/(v\d+)\//g)) {
          if (match[1]) found.add(match[1]);
        }
      }
    }
  };
  visit(folder);
  return [...found].sort();
}
