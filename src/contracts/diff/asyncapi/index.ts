import type { Finding } from '../model.js';
import { compareSchemas } from '../schema/index.js';
import { diffDocuments } from './diff.js';

export { loadAsyncApiDocument } from './load.js';
export { ASYNCAPI_RULES } from './rules.js';

/**
 * Lists the changes from `base` to `revision`, two AsyncAPI 2.x or 3.x documents of the same
 * application as `loadAsyncApiDocument` returns them. Throws a DiffInputError for any other input.
 *
 * @example
 * const findings = diffAsyncApi(
 *   await loadAsyncApiDocument('specs/asyncapi/canonical/v1/asyncapi.yaml'),
 *   await loadAsyncApiDocument('next/asyncapi.yaml'),
 * );
 */
export function diffAsyncApi(base: unknown, revision: unknown): Finding[] {
  return diffDocuments(base, revision, compareSchemas);
}
