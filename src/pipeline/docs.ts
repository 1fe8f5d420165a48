import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { runNode } from './child.js';
import { StageFailure } from './diagnostics.js';
import type { ApiDocument, OperationEntry } from './document.js';
import { listOperations } from './document.js';
import { basePathOf } from './clients.js';
import { camelCase, pascalCase } from './naming.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

/**
 * Adds request samples (curl and the typed client) to every operation as `x-codeSamples`,
 * which Redoc shows beside each operation. Returns a new document; the input is not changed.
 */
export function withCodeSamples(document: ApiDocument, apiId: string): ApiDocument {
  const copy = structuredClone(document);
  const basePath = basePathOf(document);
  for (const entry of listOperations(copy)) {
    const item = copy.paths?.[entry.path] as Record<string, unknown> | undefined;
    const operation = item?.[entry.method] as Record<string, unknown> | undefined;
    if (!operation || '$ref' in operation) continue;
    operation['x-codeSamples'] ??= [
      { lang: 'Shell', label: 'curl', source: curlSample(entry, basePath) },
      { lang: 'TypeScript', label: 'Typed client', source: clientSample(entry, apiId) },
    ];
  }
  return copy;
}

/** Writes the Redoc HTML page of a bundled document with Redocly's `build-docs`, inlined. */
export async function buildRedocPage(
  bundleFile: string,
  outFile: string,
  title: string,
): Promise<void> {
  const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  const args = ['build-docs', bundleFile, '-o', outFile, '--title', title, '--inlineBundle'];
  const result = await runNode(cli, args);
  if (result.code !== 0) throw docsFailure('redoc', bundleFile, result.stderr);
}

/** Writes the AsyncAPI HTML page of a document with the AsyncAPI generator's HTML template. */
export async function buildAsyncApiPage(documentFile: string, outFile: string): Promise<void> {
  const worker = join(here, 'workers', 'asyncapi-html.mjs');
  const result = await runNode(worker, [documentFile, outFile]);
  if (result.code !== 0) throw docsFailure('asyncapi-html', documentFile, result.stderr);
}

function docsFailure(rule: string, file: string, stderr: string): StageFailure {
  const reason = stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? 'the docs tool failed';
  return new StageFailure('docs', [
    { rule, severity: 'error', message: reason, location: { file, line: 1, column: 1 } },
  ]);
}

function curlSample(entry: OperationEntry, basePath: string): string {
  const url = `http://localhost:8080${basePath}${entry.path}`;
  const lines = [`curl -X ${entry.method.toUpperCase()} '${url}'`];
  lines.push(`  -H 'x-correlation-id: 7d0c9a54-3e37-4f5e-b2ad-0f3c1d6f8e21'`);
  const media = requestMedia(entry);
  if (media) {
    lines.push(`  -H 'content-type: ${media}'`);
    lines.push(`  --data @body.json`);
  }
  return lines.join(' \\\n');
}

function clientSample(entry: OperationEntry, apiId: string): string {
  const name = pascalCase(apiId);
  const verb = entry.method.toUpperCase();
  const pathParams = [...entry.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const params =
    pathParams.length > 0
      ? `params: { path: { ${pathParams.map((p) => `'${p}': '...'`).join(', ')} } }, `
      : '';
  const body = requestMedia(entry) ? 'body: { /* typed request body */ }, ' : '';
  const client = camelCase(apiId);
  return [
    `import { create${name}Client } from './generated/${apiId}/client.js';`,
    '',
    `const ${client} = create${name}Client('http://localhost:8080');`,
    `const { data, error } = await ${client}.${verb}('${entry.path}', { ${params}${body}});`,
  ].join('\n');
}

function requestMedia(entry: OperationEntry): string | undefined {
  const body = entry.operation.requestBody as { content?: Record<string, unknown> } | undefined;
  return body?.content ? Object.keys(body.content)[0] : undefined;
}
