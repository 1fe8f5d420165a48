import openapiTS, { astToString } from 'openapi-typescript';

import { generatedHeader } from './header.js';
import type { ApiDocument } from './document.js';
import { hoistDeepSchemaRefs } from './hoist-refs.js';

/**
 * Generates the TypeScript types of a bundled document with openapi-typescript:
 * `paths`, `components` and `operations`, as the typed clients and stubs expect them.
 */
export async function generateTypes(document: ApiDocument, label: string): Promise<string> {
  const nodes = await openapiTS(hoistDeepSchemaRefs(document), {
    silent: true,
    defaultNonNullable: false,
  });
  return generatedHeader(label) + astToString(nodes);
}
