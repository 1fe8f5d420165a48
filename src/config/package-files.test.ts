import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { packageFile, packageRootFrom } from './package-files.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('packageRootFrom', () => {
  it('finds the root from a module of the sources and from its place in the build', () => {
    expect(packageRootFrom(join(ROOT, 'src', 'jobs'))).toBe(ROOT);
    expect(packageRootFrom(join(ROOT, 'dist', 'src', 'flows', 'transform'))).toBe(ROOT);
  });

  it('names the folder when no package.json is above it', () => {
    expect(() => packageRootFrom('/')).toThrow('expected a package.json in / or above it');
  });
});

describe('packageFile', () => {
  it('reaches the generated bundles and the mapping files', () => {
    expect(existsSync(packageFile('generated', 'canonical-v1', 'openapi.json'))).toBe(true);
    expect(existsSync(packageFile('src', 'flows', 'transform', 'mappings'))).toBe(true);
  });
});
