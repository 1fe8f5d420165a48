// Records which sources the compiled build in dist/ was made from; see source-hash.js.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { sourceHash } from './source-hash.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(join(root, 'dist', '.source-hash'), sourceHash(root) + '\n');
