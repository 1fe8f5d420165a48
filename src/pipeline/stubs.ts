import type { ApiDocument, OperationEntry } from './document.js';
import { deref, listOperations } from './document.js';
import { generatedHeader } from './header.js';
import { literal, pascalCase, propertyKey, uniqueNames } from './naming.js';
import type { RequestBodyObject, ResponseObject } from 'openapi-typescript';

const PREAMBLE = `import type { paths } from './types.js';

type Defined<T> = [NonNullable<T>] extends [never] ? Record<string, never> : NonNullable<T>;
type Parameters<P extends keyof paths, M extends keyof paths[P], In extends string> =
  paths[P][M] extends { parameters: infer Params }
    ? In extends keyof Params
      ? Defined<Params[In]>
      : Record<string, never>
    : Record<string, never>;
type Body<P extends keyof paths, M extends keyof paths[P], Media extends string> =
  paths[P][M] extends { requestBody?: infer RequestBody }
    ? NonNullable<RequestBody> extends { content: infer Content }
      ? Media extends keyof Content
        ? Content[Media]
        : never
      : never
    : never;
type Content<P extends keyof paths, M extends keyof paths[P], S extends PropertyKey, Media extends string> =
  paths[P][M] extends { responses: infer Responses }
    ? S extends keyof Responses
      ? Responses[S] extends { content: infer Content }
        ? Media extends keyof NonNullable<Content>
          ? NonNullable<Content>[Media]
          : never
        : never
      : never
    : never;

/** Response headers a handler may set; the runtime writes them as given. */
export type ResponseHeaders = Record<string, string>;

/** One row of the route table: the runtime mounts a handler per row. */
export interface RouteDefinition {
  operationId: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
  path: string;
  expressPath: string;
  requestMediaTypes: readonly string[];
}
`;

/**
 * Generates the server stubs of one API version: a request and a response type per operation,
 * the `Handlers` interface a hand-written module must satisfy, and the route table the runtime
 * mounts. A handler that returns a status or body the spec does not declare fails to compile.
 */
export function generateStubs(document: ApiDocument, label: string): string {
  const operations = listOperations(document);
  const typeNames = uniqueNames(operations.map((entry) => pascalCase(entry.operationId)));
  const blocks = operations.map((entry, i) => operationTypes(document, entry, typeNames[i]!));
  return [
    generatedHeader(label) + PREAMBLE,
    ...blocks,
    handlersInterface(operations, typeNames),
    routeTable(document, operations),
  ].join('\n');
}

function operationTypes(document: ApiDocument, entry: OperationEntry, name: string): string {
  const at = `${literal(entry.path)}, ${literal(entry.method)}`;
  const media = requestMediaTypes(document, entry);
  const optional = media.length > 0 && !isBodyRequired(document, entry) ? ' | undefined' : '';
  const body =
    media.length > 0
      ? media.map((type) => `Body<${at}, ${literal(type)}>`).join(' | ')
      : 'undefined';
  const summary = entry.operation.summary ?? entry.operationId;
  return [
    `/** Request of \`${entry.operationId}\` (${entry.method.toUpperCase()} ${entry.path}): ${oneLine(summary)} */`,
    `export interface ${name}Request {`,
    `  params: Parameters<${at}, 'path'>;`,
    `  query: Parameters<${at}, 'query'>;`,
    `  headers: Parameters<${at}, 'header'>;`,
    `  body: ${body}${optional};`,
    `}`,
    '',
    `/** Every response \`${entry.operationId}\` may return, as the spec declares them. */`,
    `export type ${name}Response =`,
    ...responseVariants(document, entry, at),
    '',
  ].join('\n');
}

function responseVariants(document: ApiDocument, entry: OperationEntry, at: string): string[] {
  const variants: string[] = [];
  for (const [code, raw] of Object.entries(entry.operation.responses ?? {})) {
    const response = deref<ResponseObject>(document, raw);
    const status = /^[1-5][0-9][0-9]$/.test(code) ? code : 'number';
    const key = /^[0-9]+$/.test(code) ? code : literal(code);
    const mediaTypes = Object.keys(response.content ?? {});
    if (mediaTypes.length === 0) {
      variants.push(`  | { status: ${status}; headers?: ResponseHeaders; body?: undefined }`);
      continue;
    }
    for (const type of mediaTypes) {
      const contentType = mediaTypes.length > 1 ? ` contentType: ${literal(type)};` : '';
      variants.push(
        `  | { status: ${status};${contentType} headers?: ResponseHeaders; body: Content<${at}, ${key}, ${literal(type)}> }`,
      );
    }
  }
  if (variants.length === 0)
    variants.push('  | { status: number; headers?: ResponseHeaders; body?: unknown }');
  variants[variants.length - 1] += ';';
  return variants;
}

function handlersInterface(operations: OperationEntry[], typeNames: string[]): string {
  const members = operations.map((entry, i) => {
    const name = typeNames[i]!;
    return [
      `  /** ${entry.method.toUpperCase()} ${entry.path} */`,
      `  ${propertyKey(entry.operationId)}(request: ${name}Request, context: Context): Promise<${name}Response> | ${name}Response;`,
    ].join('\n');
  });
  return [
    '/** One function per operation; a module that misses one or returns an undeclared shape fails to compile. */',
    'export interface Handlers<Context = unknown> {',
    ...members,
    '}',
    '',
  ].join('\n');
}

function routeTable(document: ApiDocument, operations: OperationEntry[]): string {
  const rows = operations.map((entry) => {
    const media = requestMediaTypes(document, entry).map(literal).join(', ');
    return `  { operationId: ${literal(entry.operationId)}, method: ${literal(entry.method)}, path: ${literal(entry.path)}, expressPath: ${literal(toExpressPath(entry.path))}, requestMediaTypes: [${media}] },`;
  });
  return [
    '/** The operations of this API version in spec order. */',
    'export const routes: readonly RouteDefinition[] = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}

/** `/users/{user-id}` → `/users/:"user-id"`, the Express 5 spelling of a path template. */
export function toExpressPath(path: string): string {
  return path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? expressParam(part.slice(1, -1)) : escapeLiteral(part)))
    .join('');
}

function expressParam(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `:${name}` : `:"${name.replace(/"/g, '')}"`;
}

/** Express 5 gives `: * ( ) ? + ! [ ] {}` meaning in a path; in a spec's path they are text. */
function escapeLiteral(text: string): string {
  return text.replace(/[:*()?+![\]{}\\]/g, (char) => `\\${char}`);
}

function requestMediaTypes(document: ApiDocument, entry: OperationEntry): string[] {
  const raw = entry.operation.requestBody;
  if (!raw) return [];
  return Object.keys(deref<RequestBodyObject>(document, raw).content ?? {});
}

function isBodyRequired(document: ApiDocument, entry: OperationEntry): boolean {
  const raw = entry.operation.requestBody;
  return raw ? deref<RequestBodyObject>(document, raw).required === true : false;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim();
}
