import { generatedHeader } from './header.js';
import { literal, pascalCase } from './naming.js';
import type { ApiDocument } from './document.js';

/**
 * Generates the typed client of one API version: openapi-fetch bound to the generated `paths`,
 * with the spec's base path, so a wrong path, parameter or body fails to compile at the call site.
 */
export function generateClient(document: ApiDocument, apiId: string, label: string): string {
  const name = pascalCase(apiId);
  const basePath = basePathOf(document);
  return `${generatedHeader(label)}import createClient from 'openapi-fetch';
import type { Client, ClientOptions } from 'openapi-fetch';

import type { paths } from './types.js';

/** The path prefix the spec's first server declares. */
export const basePath = ${literal(basePath)};

/** A client whose every call is checked against the ${oneLine(document.info.title)} contract. */
export type ${name}Client = Client<paths>;

/**
 * Creates a typed client. \`origin\` is where the API is served (\`http://localhost:8080\`);
 * the base path is appended unless \`options.baseUrl\` is given.
 */
export function create${name}Client(origin: string, options: ClientOptions = {}): ${name}Client {
  return createClient<paths>({ baseUrl: origin.replace(/\\/$/, '') + basePath, ...options });
}
`;
}

/** The path of the first server URL, without a trailing slash; empty when there is none. */
export function basePathOf(document: ApiDocument): string {
  const url = document.servers?.[0]?.url ?? '';
  const path = /^[a-z]+:\/\//i.test(url) ? new URL(url.replace(/\{[^}]*\}/g, 'x')).pathname : url;
  return path.replace(/\{[^}]*\}/g, '').replace(/\/+$/, '');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim();
}
