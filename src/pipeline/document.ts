import type {
  OpenAPI3,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
} from 'openapi-typescript';

/** A bundled OpenAPI 3.x document. */
export type ApiDocument = OpenAPI3;

export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One operation with the path and method it sits under and its merged parameters. */
export interface OperationEntry {
  path: string;
  method: HttpMethod;
  operationId: string;
  operation: OperationObject;
  parameters: ParameterObject[];
}

/** Follows a local `$ref` (`#/components/...`) inside the document; other values pass through. */
export function deref<T>(document: ApiDocument, value: T | ReferenceObject): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 32) throw new Error(`reference cycle at ${current.$ref}`);
    current = resolvePointer(document, current.$ref);
  }
  return current as T;
}

/** Resolves a local JSON pointer such as `#/components/schemas/Money`. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`only local references can be resolved, got '${ref}'`);
  const segments = ref.slice(1).split('/').filter(Boolean).map(unescapePointer);
  let current: unknown = document;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Lists every operation in path order; an operation without `operationId` gets a derived one. */
export function listOperations(document: ApiDocument): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, rawItem] of Object.entries(document.paths ?? {})) {
    const item = deref<PathItemObject>(document, rawItem);
    const shared = (item.parameters ?? []).map((p) => deref<ParameterObject>(document, p));
    for (const method of HTTP_METHODS) {
      const rawOperation = item[method];
      if (!rawOperation) continue;
      const operation = deref<OperationObject>(document, rawOperation);
      const own = (operation.parameters ?? []).map((p) => deref<ParameterObject>(document, p));
      const operationId = operation.operationId ?? deriveOperationId(method, path);
      entries.push({
        path,
        method,
        operationId,
        operation,
        parameters: mergeParameters(shared, own),
      });
    }
  }
  return entries;
}

/** A stable operation id for operations that lack one: `get /users/{id}` → `getUsersId`. */
export function deriveOperationId(method: string, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

function mergeParameters(shared: ParameterObject[], own: ParameterObject[]): ParameterObject[] {
  const key = (p: ParameterObject) => `${p.in}:${p.name}`;
  const overridden = new Set(own.map(key));
  return [...shared.filter((p) => !overridden.has(key(p))), ...own];
}

function isReference(value: unknown): value is ReferenceObject {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}
