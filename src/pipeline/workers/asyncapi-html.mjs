// Renders one AsyncAPI document to a single self-contained HTML page with the AsyncAPI
// generator's HTML template. Runs in its own process: the template is large and slow to load.
import Generator from '@asyncapi/generator';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [documentFile, outFile] = process.argv.slice(2);
const outDir = mkdtempSync(join(tmpdir(), 'junction-asyncapi-'));
try {
  const generator = new Generator('@asyncapi/html-template', outDir, {
    forceWrite: true,
    install: false,
    // The template ships its components already transpiled; compiling them again takes ~15 s.
    compile: false,
    templateParams: { singleFile: 'true', outFilename: 'index.html' },
  });
  await generator.generateFromFile(documentFile);
  copyFileSync(join(outDir, 'index.html'), outFile);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
