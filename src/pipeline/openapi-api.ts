import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Config } from '@redocly/openapi-core';

import { bundleSpec } from './bundle.js';
import type { CatalogEntry } from './catalog.js';
import { basePathOf, generateClient } from './clients.js';
import { convertSwagger2, isSwagger2 } from './convert.js';
import type { ApiDocument } from './document.js';
import { listOperations } from './document.js';
import { buildRedocPage, withCodeSamples } from './docs.js';
import { lintSpec } from './lint.js';
import { generateGatewayConfig } from './gateway.js';
import { generateMockSettings } from './mocks.js';
import type { StageRecorder } from './stage.js';
import { generateStubs } from './stubs.js';
import { generateTypes } from './types.js';
import { validateSpec } from './validate.js';

/** What the pipeline needs to know of one OpenAPI document it generates from. */
export interface OpenApiJob {
  id: string;
  name: string;
  version: string;
  layer: string;
  root: string;
  /** Where the spec is cited from in generated headers, relative to the project. */
  label: string;
  outDir: string;
  mockIndex: number;
  lint: boolean;
  docs: boolean;
}

/**
 * Runs stages 1 to 9 for one OpenAPI document and writes their output into `job.outDir`.
 * The docs page is built in a child process while the TypeScript stages run.
 */
export async function generateOpenApi(
  job: OpenApiJob,
  config: Config,
  stages: StageRecorder,
): Promise<CatalogEntry> {
  if (job.lint) await stages.run('lint', () => lintSpec(job.root, config));
  const document = await stages.run('bundle', async () => {
    const { document: bundled } = await bundleSpec(job.root, config);
    const openapi = isSwagger2(bundled) ? await convertSwagger2(bundled) : bundled;
    writeJson(join(job.outDir, 'openapi.json'), openapi);
    return openapi;
  });
  const docs = job.docs ? startDocs(job, document, stages) : Promise.resolve();
  const validation = stages.run('validate', () =>
    validateSpec(join(job.outDir, 'openapi.json'), job.root),
  );
  try {
    const types = await stages.run('types', () => generateTypes(document, job.label));
    writeFileSync(join(job.outDir, 'types.ts'), types);
    const stubs = await stages.run('stubs', () => generateStubs(document, job.label));
    writeFileSync(join(job.outDir, 'handlers.ts'), stubs);
    const client = await stages.run('clients', () => generateClient(document, job.id, job.label));
    writeFileSync(join(job.outDir, 'client.ts'), client);
    const mock = await stages.run('mocks', () =>
      generateMockSettings(job.id, document.info.title, job.mockIndex),
    );
    writeFileSync(join(job.outDir, 'mock.json'), mock);
    const gateway = await stages.run('gateway', () => generateGatewayConfig(document, job.id));
    writeFileSync(join(job.outDir, 'gateway.json'), gateway);
  } finally {
    await Promise.allSettled([docs, validation]);
  }
  await validation;
  await docs;
  return catalogEntry(job, document);
}

function startDocs(job: OpenApiJob, document: ApiDocument, stages: StageRecorder): Promise<void> {
  return stages.run('docs', async () => {
    const source = join(job.outDir, 'docs-source.json');
    writeJson(source, withCodeSamples(document, job.id));
    try {
      await buildRedocPage(source, join(job.outDir, 'index.html'), document.info.title);
    } finally {
      rmSync(source, { force: true });
    }
  });
}

function catalogEntry(job: OpenApiJob, document: ApiDocument): CatalogEntry {
  return {
    id: job.id,
    name: job.name,
    version: job.version,
    kind: 'openapi',
    layer: job.layer,
    title: document.info.title,
    description: document.info.description ?? document.info.summary ?? '',
    apiVersion: document.info.version,
    basePath: basePathOf(document),
    operations: listOperations(document).length,
    schemas: Object.keys(document.components?.schemas ?? {}),
    events: [],
    mockPort: 4010 + job.mockIndex,
  };
}

/** Writes JSON with two-space indentation and a final newline. */
export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}
