import { join } from 'node:path';

import { bundleSpec } from '../../pipeline/bundle.js';
import { loadRedoclyConfig } from '../../pipeline/redocly.js';
import type { ApiDocument } from './schema.js';

/**
 * The canonical v1 API bundled from its sources, as `generated/canonical-v1/openapi.json` holds
 * it, for tests that must not depend on a generation run having happened.
 */
export async function bundleCanonicalV1(projectDir = process.cwd()): Promise<ApiDocument> {
  const config = await loadRedoclyConfig(join(projectDir, 'redocly.yaml'));
  const root = join(projectDir, 'specs', 'openapi', 'canonical', 'v1', 'openapi.yaml');
  return (await bundleSpec(root, config)).document as unknown as ApiDocument;
}
