// The hash of every TypeScript and worker source the compiled build is made from. `npm run build`
// stores it beside the build; the junction command runs the build only while the hash matches.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Hashes the `.ts` and `.mjs` files under `src/` and `generated/` of `root`, in path order. */
export function sourceHash(root) {
  const hash = createHash('sha256');
  for (const file of ['src', 'generated'].flatMap((folder) => sources(join(root, folder))).sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function sources(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
