import type { OperationObject } from 'openapi-typescript';

import type { ApiDocument, HttpMethod } from '../../../pipeline/document.js';
import type { Finding } from '../model.js';
import type { PathEntry } from './paths.js';
import { operationLocation } from './paths.js';
import { finding } from './rules.js';

/** Whether an operation was deprecated in the base, and until when it was promised to work. */
export interface Deprecation {
  deprecated: boolean;
  /** The announced sunset (RFC 8594), when the operation or the whole API gives one. */
  sunset: Date | undefined;
}

/**
 * Reads an operation's deprecation: `deprecated: true`, `x-sunset`, or `x-junction-deprecation`
 * on the operation, else `x-junction-deprecation` on the document, which deprecates every
 * operation of the API at once (see specs/openapi/canonical/v1).
 */
export function deprecationOf(document: ApiDocument, operation: OperationObject): Deprecation {
  const own = operation as Record<string, unknown>;
  const api = (document as unknown as Record<string, unknown>)['x-junction-deprecation'];
  const marked = own['x-junction-deprecation'];
  const sunset =
    dateOf(own['x-sunset']) ??
    sunsetOf(marked) ??
    dateOf((document as unknown as Record<string, unknown>)['x-sunset']) ??
    sunsetOf(api);
  const deprecated = operation.deprecated === true || isObject(marked) || isObject(api);
  return { deprecated, sunset: deprecated ? sunset : undefined };
}

/**
 * Judges the removal of a whole path: operations that were never deprecated collapse into one
 * `path-removed`; each deprecated one is judged against its sunset.
 */
export function judgeRemovedPath(document: ApiDocument, entry: PathEntry, now: Date): Finding[] {
  const live: string[] = [];
  const findings: Finding[] = [];
  for (const [method, operation] of entry.operations) {
    if (deprecationOf(document, operation).deprecated)
      findings.push(judgeRemovedOperation(document, method, entry.path, operation, now));
    else live.push(method.toUpperCase());
  }
  if (live.length === 0) return findings;
  const message = `path '${entry.path}' was removed with its ${live.join(', ')} operation(s), none of them deprecated first`;
  return [finding('path-removed', entry.path, message), ...findings];
}

/** Judges the removal of one operation by its deprecation and sunset in the base. */
export function judgeRemovedOperation(
  document: ApiDocument,
  method: HttpMethod,
  path: string,
  operation: OperationObject,
  now: Date,
): Finding {
  const location = operationLocation(method, path);
  const id = operation.operationId;
  const { deprecated, sunset } = deprecationOf(document, operation);
  if (!deprecated)
    return finding(
      'operation-removed',
      location,
      `${location} was removed without being deprecated first`,
      id,
    );
  if (sunset === undefined)
    return finding(
      'operation-removed-without-sunset',
      location,
      `${location} was deprecated and removed, but no sunset date was announced`,
      id,
    );
  const day = sunset.toISOString().slice(0, 10);
  if (sunset.getTime() > now.getTime())
    return finding(
      'operation-removed-before-sunset',
      location,
      `${location} was removed before its sunset on ${day}`,
      id,
    );
  return finding(
    'operation-removed-after-sunset',
    location,
    `${location} was removed after its sunset on ${day}`,
    id,
  );
}

/** Reports an operation that became deprecated, with its sunset when one is announced. */
export function judgeDeprecation(
  docs: { base: ApiDocument; revision: ApiDocument },
  location: string,
  base: OperationObject,
  revision: OperationObject,
  operationId: string | undefined,
): Finding[] {
  if (markedDeprecated(base) || !markedDeprecated(revision)) return [];
  const { sunset } = deprecationOf(docs.revision, revision);
  const until = sunset
    ? `, with a sunset on ${sunset.toISOString().slice(0, 10)}`
    : ', with no sunset date';
  return [
    finding(
      'operation-became-deprecated',
      location,
      `${location} became deprecated${until}`,
      operationId,
    ),
  ];
}

/** Deprecation the operation declares itself, not the one it inherits from the whole API. */
function markedDeprecated(operation: OperationObject): boolean {
  const own = operation as Record<string, unknown>;
  return (
    operation.deprecated === true ||
    isObject(own['x-junction-deprecation']) ||
    own['x-sunset'] !== undefined
  );
}

function sunsetOf(value: unknown): Date | undefined {
  return isObject(value) ? dateOf(value['sunset']) : undefined;
}

function dateOf(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
