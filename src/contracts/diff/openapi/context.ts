import type { OperationObject, ParameterObject } from 'openapi-typescript';

import type { ApiDocument, HttpMethod } from '../../../pipeline/document.js';
import { deref } from '../../../pipeline/document.js';
import type { Direction, Finding, SchemaObject } from '../model.js';
import { compareSchemas } from '../schema/index.js';

/** The two documents under comparison, and the moment sunset dates are judged against. */
export interface DocumentPair {
  base: ApiDocument;
  revision: ApiDocument;
  now: Date;
}

/** One operation present in both documents, with its path-level parameters merged in. */
export interface OperationPair {
  docs: DocumentPair;
  method: HttpMethod;
  /** `POST /orders/{orderId}`, spelled as the revision spells the path. */
  location: string;
  operationId: string | undefined;
  basePath: string;
  revisionPath: string;
  base: OperationObject;
  revision: OperationObject;
  baseParameters: ParameterObject[];
  revisionParameters: ParameterObject[];
}

/** Which part of an operation a schema sits in, for `compareSchemas`. */
export interface SchemaSite {
  subject: 'request-parameter' | 'request-body' | 'response-body' | 'response-header';
  direction: Direction;
  location: string;
}

/** Compares the schemas of one site; nothing to report when either side declares none. */
export function compareSite(
  pair: OperationPair,
  site: SchemaSite,
  base: unknown,
  revision: unknown,
): Finding[] {
  if (!isObject(base) || !isObject(revision)) return [];
  const ctx = {
    direction: site.direction,
    subject: site.subject,
    location: site.location,
    baseDocument: pair.docs.base,
    revisionDocument: pair.docs.revision,
    ...(pair.operationId === undefined ? {} : { operation: pair.operationId }),
  };
  return compareSchemas(base, revision, ctx);
}

/** Follows a local `$ref` in the base document of the pair. */
export function derefBase<T>(pair: OperationPair, value: unknown): T {
  return deref<T>(pair.docs.base, value as T);
}

/** Follows a local `$ref` in the revision document of the pair. */
export function derefRevision<T>(pair: OperationPair, value: unknown): T {
  return deref<T>(pair.docs.revision, value as T);
}

/** True for a plain object, the only shape a schema or an OpenAPI object can take. */
export function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
