import { DiffInputError } from '../model.js';
import { readV2 } from './read-v2.js';
import { readV3 } from './read-v3.js';
import { isObject, stringOf } from './refs.js';
import type { DocumentView } from './view.js';

/** The AsyncAPI major versions the diff reads. */
export const SUPPORTED_MAJORS = ['2', '3'] as const;

/**
 * Reads the `asyncapi` version of a parsed document. Throws a DiffInputError, naming `source`,
 * when there is none or its major version is not 2 or 3.
 */
export function asyncApiVersionOf(document: unknown, source: string): string {
  const version = isObject(document) ? stringOf(document.asyncapi) : undefined;
  if (version === undefined) {
    throw new DiffInputError(
      source,
      'expected an AsyncAPI document with a top-level `asyncapi` version, found none',
    );
  }
  const major = version.split('.')[0] ?? '';
  if (!(SUPPORTED_MAJORS as readonly string[]).includes(major)) {
    throw new DiffInputError(
      source,
      `AsyncAPI ${version} is not supported: only AsyncAPI 2.x and 3.x documents can be ` +
        'compared; convert it to 2.x or 3.x first',
    );
  }
  return version;
}

/** Normalises a 2.x or 3.x document for comparison; throws a DiffInputError for anything else. */
export function readDocument(document: unknown, source: string): DocumentView {
  const version = asyncApiVersionOf(document, source);
  const json = document as Record<string, unknown>; // asyncApiVersionOf saw an object
  return version.startsWith('2.') ? readV2(json) : readV3(json);
}
