import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

import type { Config } from '@redocly/openapi-core';

import { hashInputs, readCache, writeCache } from './cache.js';
import type { CatalogEntry } from './catalog.js';
import { renderCatalogHtml, renderCatalogJson } from './catalog.js';
import { generateOpenApi } from './openapi-api.js';
import type { OpenApiJob } from './openapi-api.js';
import { loadRedoclyConfig } from './redocly.js';
import type { ApiSource } from './spec-set.js';
import { discoverApis } from './spec-set.js';
import { StageRecorder } from './stage.js';
import type { ProgressSink, StageResult } from './stage.js';

/** Where a project's specs are read from and its output written to. */
export interface ProjectPaths {
  projectDir: string;
  specsDir: string;
  outDir: string;
  cacheFile: string;
  redoclyConfig: string;
}

/** How a generation run went: every stage's result and whether any output changed. */
export interface GenerateReport {
  results: StageResult[];
  changed: string[];
  ok: boolean;
}

/** The conventional layout: `specs/` in, `generated/` out, the cache under `.junction-cache/`. */
export function projectPaths(projectDir: string): ProjectPaths {
  return {
    projectDir,
    specsDir: join(projectDir, 'specs'),
    outDir: join(projectDir, 'generated'),
    cacheFile: join(projectDir, '.junction-cache', 'generate.json'),
    redoclyConfig: join(projectDir, 'redocly.yaml'),
  };
}

/**
 * Generates every API under `specs/`. APIs whose inputs are unchanged since the last run are
 * skipped. Output is assembled in a sibling folder and swapped in only when every API succeeded,
 * so a failed run leaves `generated/` exactly as it was.
 */
export async function generateProject(
  paths: ProjectPaths,
  progress: ProgressSink,
): Promise<GenerateReport> {
  const apis = discoverApis(paths.specsDir);
  const cache = readCache(paths.cacheFile);
  // An API's mock port follows its place in the list, so a new API before it makes it stale too.
  const hashes = new Map(
    apis.map((api, index) => [api.id, `${hashInputs(api.inputs, [paths.redoclyConfig])}:${index}`]),
  );
  const stale = apis.filter(
    (api) => cache[api.id] !== hashes.get(api.id) || !outputsExist(paths.outDir, api),
  );
  const removed = existingApiDirs(paths.outDir).filter((id) => !apis.some((api) => api.id === id));
  if (
    stale.length === 0 &&
    removed.length === 0 &&
    existsSync(join(paths.outDir, 'catalog.json'))
  ) {
    for (const api of apis) new StageRecorder(api.id, progress).skip('bundle');
    return { results: [], changed: [], ok: true };
  }

  const staging = `${paths.outDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const config = await loadRedoclyConfig(paths.redoclyConfig);
    const report = await buildAll(paths, apis, stale, staging, config, progress);
    if (!report.ok) return report;
    swapIn(staging, paths.outDir);
    writeCache(
      paths.cacheFile,
      Object.fromEntries(apis.map((api) => [api.id, hashes.get(api.id)!])),
    );
    return report;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function buildAll(
  paths: ProjectPaths,
  apis: ApiSource[],
  stale: ApiSource[],
  staging: string,
  config: Config,
  progress: ProgressSink,
): Promise<GenerateReport> {
  const results: StageResult[] = [];
  const outcomes = await Promise.allSettled(
    apis.map(async (api, index) => {
      const dir = join(staging, api.id);
      if (!stale.includes(api)) {
        cpSync(join(paths.outDir, api.id), dir, { recursive: true });
        return readCatalogEntry(dir);
      }
      mkdirSync(dir, { recursive: true });
      const stages = new StageRecorder(api.id, progress);
      try {
        const entry = await generateOne(paths, api, index, dir, config, stages);
        writeFileSync(join(dir, 'api.json'), JSON.stringify(entry, null, 2) + '\n');
        return entry;
      } finally {
        results.push(...stages.results);
      }
    }),
  );
  const entries = outcomes.flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value] : [],
  );
  if (entries.length !== apis.length) return { results, changed: [], ok: false };

  const catalog = new StageRecorder('catalog', progress);
  await catalog.run('catalog', () => {
    writeFileSync(join(staging, 'catalog.json'), renderCatalogJson(entries));
    writeFileSync(join(staging, 'index.html'), renderCatalogHtml(entries));
  });
  results.push(...catalog.results);
  return { results, changed: stale.map((api) => api.id), ok: true };
}

async function generateOne(
  paths: ProjectPaths,
  api: ApiSource,
  index: number,
  dir: string,
  config: Config,
  stages: StageRecorder,
): Promise<CatalogEntry> {
  const job: OpenApiJob = {
    id: api.id,
    name: api.name,
    version: api.version,
    layer: api.layer,
    root: api.root,
    label: relative(paths.projectDir, api.root),
    outDir: dir,
    mockIndex: index,
    lint: true,
    docs: true,
  };
  if (api.kind === 'openapi') return generateOpenApi(job, config, stages);
  // The AsyncAPI parser is large; runs over OpenAPI documents alone never load it.
  const { generateAsyncApi } = await import('./asyncapi-api.js');
  return generateAsyncApi(job, config, stages);
}

function outputsExist(outDir: string, api: ApiSource): boolean {
  const dir = join(outDir, api.id);
  const files =
    api.kind === 'openapi'
      ? ['openapi.json', 'types.ts', 'handlers.ts', 'client.ts', 'index.html']
      : ['asyncapi.json', 'events.ts', 'index.html'];
  return [...files, 'api.json'].every((file) => existsSync(join(dir, file)));
}

function existingApiDirs(outDir: string): string[] {
  if (!existsSync(join(outDir, 'catalog.json'))) return [];
  const catalog = JSON.parse(readFileSync(join(outDir, 'catalog.json'), 'utf8')) as {
    apis: { id: string }[];
  };
  return catalog.apis.map((api) => api.id);
}

function readCatalogEntry(dir: string): CatalogEntry {
  return JSON.parse(readFileSync(join(dir, 'api.json'), 'utf8')) as CatalogEntry;
}

/** Replaces `target` with `staging` by two renames, keeping anything that is not pipeline output. */
function swapIn(staging: string, target: string): void {
  const retired = `${target}.old-${process.pid}`;
  if (existsSync(target)) renameSync(target, retired);
  renameSync(staging, target);
  rmSync(retired, { recursive: true, force: true });
}

/** Generates one third-party document into `outDir` (stages 2 to 9, no house lint). */
export async function generateSpecFile(
  file: string,
  outDir: string,
  progress: ProgressSink,
): Promise<GenerateReport> {
  const root = resolve(file);
  const id = basename(root)
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase();
  const staging = `${resolve(outDir)}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const stages = new StageRecorder(id, progress);
  const job: OpenApiJob = {
    id,
    name: id,
    version: 'v1',
    layer: 'external',
    root,
    label: basename(root),
    outDir: staging,
    mockIndex: 0,
    lint: false,
    docs: true,
  };
  try {
    const config = await loadRedoclyConfig();
    const entry = await generateOpenApi(job, config, stages);
    writeFileSync(join(staging, 'api.json'), JSON.stringify(entry, null, 2) + '\n');
    mkdirSync(dirname(resolve(outDir)), { recursive: true });
    swapIn(staging, resolve(outDir));
    return { results: stages.results, changed: [id], ok: true };
  } catch {
    return { results: stages.results, changed: [], ok: false };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
