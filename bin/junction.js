#!/usr/bin/env node
// Runs the junction command in this process, so signals reach the command itself. The compiled
// build (`npm run build`, which `npm ci` runs) is used while it was made from the sources as they
// are now; otherwise the TypeScript sources run through tsx, so an edited checkout never runs
// stale code.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { sourceHash } from './source-hash.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.source-hash');

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === sourceHash(root)) {
  await import('../dist/src/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
