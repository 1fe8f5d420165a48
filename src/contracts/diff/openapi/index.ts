import type { OperationObject } from 'openapi-typescript';

import type { ApiDocument, HttpMethod } from '../../../pipeline/document.js';
import type { Finding } from '../model.js';
import type { DocumentPair, OperationPair } from './context.js';
import { diffParameters } from './parameters.js';
import type { PathEntry } from './paths.js';
import { indexPaths, mergedParameters, operationLocation } from './paths.js';
import { judgeDeprecation, judgeRemovedOperation, judgeRemovedPath } from './removal.js';
import { diffRequestBody } from './request-body.js';
import { diffResponses } from './responses.js';
import { finding } from './rules.js';
import { diffGlobalSecurity, diffOperationSecurity } from './security.js';

export { OPENAPI_RULES } from './rules.js';
export type { DocumentRule, OpenApiRuleId } from './rules.js';

/** Options of one OpenAPI comparison. */
export interface OpenApiDiffOptions {
  /** The moment sunset dates are judged against; now by default. */
  now?: Date;
}

/**
 * Compares two bundled OpenAPI 3.x documents and returns every finding, in document order:
 * global security first, then path by path, operation by operation.
 */
export function diffOpenApi(
  base: ApiDocument,
  revision: ApiDocument,
  options: OpenApiDiffOptions = {},
): Finding[] {
  const docs: DocumentPair = { base, revision, now: options.now ?? new Date() };
  const findings = diffGlobalSecurity(base, revision);
  const revisionPaths = indexPaths(revision);
  for (const [key, entry] of indexPaths(base)) {
    const kept = revisionPaths.get(key);
    if (kept) findings.push(...diffPathItem(docs, entry, kept));
    else findings.push(...judgeRemovedPath(base, entry, docs.now));
    revisionPaths.delete(key);
  }
  for (const entry of revisionPaths.values())
    findings.push(finding('path-added', entry.path, `path '${entry.path}' was added`));
  return findings;
}

function diffPathItem(docs: DocumentPair, base: PathEntry, revision: PathEntry): Finding[] {
  const findings: Finding[] = [];
  for (const [method, operation] of base.operations) {
    const kept = revision.operations.get(method);
    if (kept)
      findings.push(...diffOperation(pairOf(docs, method, base, revision, operation, kept)));
    else findings.push(judgeRemovedOperation(docs.base, method, base.path, operation, docs.now));
  }
  for (const [method, operation] of revision.operations) {
    if (base.operations.has(method)) continue;
    const location = operationLocation(method, revision.path);
    findings.push(
      finding('operation-added', location, `${location} was added`, operation.operationId),
    );
  }
  return findings;
}

function pairOf(
  docs: DocumentPair,
  method: HttpMethod,
  basePath: PathEntry,
  revisionPath: PathEntry,
  base: OperationObject,
  revision: OperationObject,
): OperationPair {
  return {
    docs,
    method,
    location: operationLocation(method, revisionPath.path),
    operationId: revision.operationId ?? base.operationId,
    basePath: basePath.path,
    revisionPath: revisionPath.path,
    base,
    revision,
    baseParameters: mergedParameters(docs.base, basePath, base),
    revisionParameters: mergedParameters(docs.revision, revisionPath, revision),
  };
}

function diffOperation(pair: OperationPair): Finding[] {
  return [
    ...judgeDeprecation(pair.docs, pair.location, pair.base, pair.revision, pair.operationId),
    ...diffOperationId(pair),
    ...diffOperationSecurity(pair),
    ...diffParameters(pair),
    ...diffRequestBody(pair),
    ...diffResponses(pair),
  ];
}

function diffOperationId(pair: OperationPair): Finding[] {
  const from = pair.base.operationId;
  const to = pair.revision.operationId;
  if (from === undefined || to === undefined || from === to) return [];
  const message = `operationId changed from '${from}' to '${to}'; generated clients rename the method`;
  return [finding('operation-id-changed', pair.location, message, to)];
}
