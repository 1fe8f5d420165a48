import type { ApiDocument, Schema } from './schema.js';
import { resolvePointer } from './schema.js';

/** One parameter of an operation, its `$ref` followed. */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
  example?: unknown;
}

/** One operation of a bundled document, as the fuzzer needs it. */
export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/organizations/{organizationId}`. */
  path: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; mediaType: string; schema: Schema };
  /** The declared responses by status (`200`, `4XX`, `default`), their `$ref` followed. */
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the document, in the order of its paths. */
export function listOperations(document: ApiDocument): Operation[] {
  const paths = (document.paths ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([path, item]) => {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    return METHODS.filter((method) => item[method] !== undefined).map((method) =>
      toOperation(document, path, method, item[method] as Record<string, unknown>, shared),
    );
  });
}

function toOperation(
  document: ApiDocument,
  path: string,
  method: string,
  raw: Record<string, unknown>,
  shared: unknown[],
): Operation {
  const own = ((raw.parameters as unknown[] | undefined) ?? []).map((p) =>
    follow<Parameter>(document, p),
  );
  const inherited = shared
    .map((p) => follow<Parameter>(document, p))
    .filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
  const responses = Object.fromEntries(
    Object.entries((raw.responses as Record<string, unknown> | undefined) ?? {}).map(
      ([status, r]) => [status, follow<Operation['responses'][string]>(document, r)],
    ),
  );
  const operation: Operation = {
    operationId: (raw.operationId as string | undefined) ?? `${method} ${path}`,
    method,
    path,
    parameters: [...inherited, ...own].map((p) => ({ ...p, required: p.required === true })),
    responses,
  };
  const body = raw.requestBody === undefined ? undefined : requestBodyOf(document, raw.requestBody);
  return body ? { ...operation, requestBody: body } : operation;
}

function requestBodyOf(document: ApiDocument, raw: unknown): Operation['requestBody'] {
  const body = follow<{ required?: boolean; content?: Record<string, { schema?: Schema }> }>(
    document,
    raw,
  );
  const [mediaType, content] = Object.entries(body.content ?? {})[0] ?? [];
  if (mediaType === undefined) return undefined;
  return { required: body.required === true, mediaType, schema: content?.schema ?? {} };
}

function follow<T>(document: ApiDocument, value: unknown): T {
  const ref = (value as { $ref?: unknown } | null)?.$ref;
  return (typeof ref === 'string' ? resolvePointer(document, ref) : value) as T;
}
