import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder of the package.json nearest above `dir`: Junction's own root, whether its modules
 * run from the sources or from the compiled build in `dist/`, which has no package.json.
 */
export function packageRootFrom(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) throw new Error(`expected a package.json in ${dir} or above it`);
  }
}

const PACKAGE_ROOT = packageRootFrom(import.meta.dirname);

/**
 * A file that ships with Junction, by its path from the package root, such as
 * `packageFile('generated', 'canonical-v1', 'openapi.json')`: the generated bundles and the
 * mapping files are read from where they are in the sources, which a build does not copy.
 */
export function packageFile(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
