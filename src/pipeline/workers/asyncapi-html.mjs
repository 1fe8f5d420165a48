// Renders one AsyncAPI document to a single self-contained HTML page with the AsyncAPI
// generator's HTML template. Runs in its own process: the template is large and slow to load.
import Generator from '@asyncapi/generator';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const [documentFile, outFile] = process.argv.slice(2);
const template = dirname(
  createRequire(import.meta.url).resolve('@asyncapi/html-template/package.json'),
);
// The template's published __transpiled folder points at its publisher's build machine, so it is
// compiled once per install (~15 s) and marked; later runs reuse what this install compiled.
const compiledMarker = join(template, '__transpiled', '.compiled-here');
const compile = !existsSync(compiledMarker);
const outDir = mkdtempSync(join(tmpdir(), 'junction-asyncapi-'));
try {
  const generator = new Generator('@asyncapi/html-template', outDir, {
    forceWrite: true,
    install: false,
    compile,
    templateParams: { singleFile: 'true', outFilename: 'index.html' },
  });
  await generator.generateFromFile(documentFile);
  copyFileSync(join(outDir, 'index.html'), outFile);
  if (compile) writeFileSync(compiledMarker, 'compiled by this install\n');
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
