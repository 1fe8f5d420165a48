import { diffAsyncApi } from './asyncapi/index.js';
import type { LoadedDocument } from './load.js';
import type { DiffReport, Finding } from './model.js';
import { DiffInputError } from './model.js';
import { diffOpenApi } from './openapi/index.js';

/** Options of a comparison. */
export interface DiffOptions {
  /** The moment sunset dates are judged against; now by default. */
  now?: Date;
}

/**
 * Compares two loaded documents of one kind. Throws `DiffInputError` when one is OpenAPI and
 * the other AsyncAPI, since no rule relates the two.
 */
export function diffDocuments(
  base: LoadedDocument,
  revision: LoadedDocument,
  options: DiffOptions = {},
): DiffReport {
  if (base.kind !== revision.kind) {
    const message = `is ${revision.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'} but the base ${base.source} is ${base.kind === 'openapi' ? 'OpenAPI' : 'AsyncAPI'}; compare documents of one kind`;
    throw new DiffInputError(revision.source, message);
  }
  return {
    kind: base.kind,
    base: { source: base.source, version: base.version },
    revision: { source: revision.source, version: revision.version },
    findings: findingsOf(base, revision, options),
    majorVersionBumped: majorRaised(base.version, revision.version),
  };
}

function findingsOf(
  base: LoadedDocument,
  revision: LoadedDocument,
  options: DiffOptions,
): Finding[] {
  if (base.kind === 'openapi' && revision.kind === 'openapi')
    return diffOpenApi(base.document, revision.document, options);
  return diffAsyncApi(base.document, revision.document);
}

/** True when the revision's `info.version` has a higher leading major number than the base's. */
export function majorRaised(base: string | undefined, revision: string | undefined): boolean {
  const from = majorOf(base);
  const to = majorOf(revision);
  return from !== undefined && to !== undefined && to > from;
}

// Only a semantic-style version has a major: a date (`2024-01-01`) going up says nothing about
// compatibility.
function majorOf(version: string | undefined): number | undefined {
  const text = version?.trim() ?? '';
  if (/^\d{4}-\d{2}/.test(text)) return undefined;
  const match = /^v?(\d+)(?:\.\d+){0,2}(?:[-+].*)?$/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
