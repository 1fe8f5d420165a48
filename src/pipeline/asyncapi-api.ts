import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Config } from '@redocly/openapi-core';

import { bundleSpec } from './bundle.js';
import type { CatalogEntry } from './catalog.js';
import { buildAsyncApiPage } from './docs.js';
import type { AsyncApiDocument } from './events.js';
import { generateEventTypes, listEvents, validateAsyncApi } from './events.js';
import { lintSpec } from './lint.js';
import type { OpenApiJob } from './openapi-api.js';
import { writeJson } from './openapi-api.js';
import type { StageRecorder } from './stage.js';

/**
 * Runs the pipeline for one AsyncAPI document: lint, bundle, validate with the AsyncAPI parser,
 * payload types, and the AsyncAPI HTML page (in a child process, beside the other stages).
 */
export async function generateAsyncApi(
  job: OpenApiJob,
  config: Config,
  stages: StageRecorder,
): Promise<CatalogEntry> {
  if (job.lint) await stages.run('lint', () => lintSpec(job.root, config));
  const document = await stages.run('bundle', async () => {
    const bundled = (await bundleSpec(job.root, config)).document as unknown as AsyncApiDocument;
    writeJson(join(job.outDir, 'asyncapi.json'), bundled);
    return bundled;
  });
  const bundleFile = join(job.outDir, 'asyncapi.json');
  const docs = job.docs
    ? stages.run('docs', () => buildAsyncApiPage(bundleFile, join(job.outDir, 'index.html')))
    : Promise.resolve();
  try {
    await stages.run('validate', () => validateAsyncApi(document, job.root));
    const types = await stages.run('events', () => generateEventTypes(document, job.label));
    writeFileSync(join(job.outDir, 'events.ts'), types);
  } finally {
    await docs.catch(() => undefined);
  }
  await docs;
  const info = (document.info ?? {}) as { title?: string; version?: string; description?: string };
  const components = (document.components ?? {}) as { schemas?: object };
  return {
    id: job.id,
    name: job.name,
    version: job.version,
    kind: 'asyncapi',
    layer: job.layer,
    title: info.title ?? job.id,
    description: info.description ?? '',
    apiVersion: info.version ?? '',
    basePath: '',
    operations: 0,
    schemas: Object.keys(components.schemas ?? {}),
    events: listEvents(document),
  };
}
