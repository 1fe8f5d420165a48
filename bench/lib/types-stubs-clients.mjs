// Contender B of the pipeline benchmark, run as its own process on the compiled build, as the
// junction command runs: `node bench/lib/types-stubs-clients.mjs SPEC OUT_DIR`.
// Bundles SPEC as the pipeline does, then writes types.ts, handlers.ts and client.ts into OUT_DIR.
// Prints one JSON line to stdout: per-stage milliseconds and this process's own peak RSS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { bundleSpec } from '../../dist/src/pipeline/bundle.js';
import { generateClient } from '../../dist/src/pipeline/clients.js';
import { loadRedoclyConfig } from '../../dist/src/pipeline/redocly.js';
import { generateStubs } from '../../dist/src/pipeline/stubs.js';
import { generateTypes } from '../../dist/src/pipeline/types.js';

// Imports are evaluated before this line, so this is node start-up plus module loading time.
const startupMs = Math.round(performance.now());
const [spec, outDir] = process.argv.slice(2);
if (!spec || !outDir) throw new Error('usage: types-stubs-clients.mjs SPEC OUT_DIR');

const stages = {};

async function timed(stage, work) {
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
