// Contender B of the pipeline benchmark, run as its own process:
// `node --import tsx bench/lib/types-stubs-clients.ts SPEC OUT_DIR`.
// Bundles SPEC as the pipeline does, then writes types.ts, handlers.ts and client.ts into OUT_DIR.
// Prints one JSON line to stdout: per-stage milliseconds and this process's own peak RSS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { bundleSpec } from '../../src/pipeline/bundle.js';
import { generateClient } from '../../src/pipeline/clients.js';
import { loadRedoclyConfig } from '../../src/pipeline/redocly.js';
import { generateStubs } from '../../src/pipeline/stubs.js';
import { generateTypes } from '../../src/pipeline/types.js';

// Imports are evaluated before this line, so this is node + tsx + module loading time.
const startupMs = Math.round(performance.now());
const [spec, outDir] = process.argv.slice(2);
if (!spec || !outDir) throw new Error('usage: types-stubs-clients.ts SPEC OUT_DIR');

const stages: Record<string, number> = {};

async function timed<T>(stage: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const value = await work();
  stages[stage] = Math.round(performance.now() - started);
  return value;
}

const config = await timed('config', () => loadRedoclyConfig());
const { document } = await timed('bundle', () => bundleSpec(spec, config));
const types = await timed('types', () => generateTypes(document, spec));
writeFileSync(join(outDir, 'types.ts'), types);
const stubs = await timed('stubs', () => generateStubs(document, spec));
writeFileSync(join(outDir, 'handlers.ts'), stubs);
const client = await timed('clients', () => generateClient(document, 'bench', spec));
writeFileSync(join(outDir, 'client.ts'), client);

const maxRssKb = process.resourceUsage().maxRSS;
process.stdout.write(JSON.stringify({ startupMs, stages, maxRssKb }) + '\n');
