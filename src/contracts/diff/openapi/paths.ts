import type { OperationObject, ParameterObject, PathItemObject } from 'openapi-typescript';

import type { ApiDocument, HttpMethod } from '../../../pipeline/document.js';
import { HTTP_METHODS, deref } from '../../../pipeline/document.js';

/** A path item with its operations and the parameters every operation inherits. */
export interface PathEntry {
  path: string;
  operations: Map<HttpMethod, OperationObject>;
  parameters: ParameterObject[];
}

/** A path template with parameter names blanked: `/orgs/{id}` and `/orgs/{orgId}` are one path. */
export function normalizePath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

/** Indexes a document's paths by their normalised template, following `$ref`s to path items. */
export function indexPaths(document: ApiDocument): Map<string, PathEntry> {
  const index = new Map<string, PathEntry>();
  for (const [path, raw] of Object.entries(document.paths ?? {})) {
    const item = deref<PathItemObject>(document, raw);
    const operations = new Map<HttpMethod, OperationObject>();
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) operations.set(method, deref<OperationObject>(document, operation));
    }
    const parameters = (item.parameters ?? []).map((p) => deref<ParameterObject>(document, p));
    index.set(normalizePath(path), { path, operations, parameters });
  }
  return index;
}

/**
 * The parameters an operation receives: the path item's, overridden by the operation's own of
 * the same name and location (OpenAPI 3.1 §4.8.9.1).
 */
export function mergedParameters(
  document: ApiDocument,
  entry: PathEntry,
  operation: OperationObject,
): ParameterObject[] {
  const own = (operation.parameters ?? []).map((p) => deref<ParameterObject>(document, p));
  const key = (p: ParameterObject) => `${p.in}:${p.name}`;
  const overridden = new Set(own.map(key));
  return [...entry.parameters.filter((p) => !overridden.has(key(p))), ...own];
}

/** `GET /orders/{orderId}`: how a reader finds an operation. */
export function operationLocation(method: HttpMethod, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
