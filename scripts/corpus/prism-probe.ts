import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

import { basePathOf } from '../../src/pipeline/clients.js';
import type { ApiDocument } from '../../src/pipeline/document.js';
import { startPrism } from '../../src/pipeline/prism.js';
import type { PrismServer } from '../../src/pipeline/prism.js';
import type { StageStatus } from './events.js';
import { oneLine } from './events.js';
import type { MockRequest } from './get-request.js';
import { buildMockRequest, chooseGetOperation, explainNoGetOperation } from './get-request.js';

/** How a check ended: its status and a line of why, or of what it found. */
export interface CheckOutcome {
  status: StageStatus;
  reason?: string;
  detail?: string;
}

interface MockResponse {
  status: number;
  title: string;
  noRoute: boolean;
}

const HOST = '127.0.0.1';
const START_MS = 120_000;
const REQUEST_MS = 30_000;

/**
 * Starts Prism on `documentFile`, sends one GET and stops it. Passes on any response Prism
 * builds from the spec; fails on a 5xx or when no candidate path has a route.
 */
export async function probePrism(
  documentFile: string,
  document: ApiDocument,
): Promise<CheckOutcome> {
  const entry = chooseGetOperation(document);
  if (!entry) return { status: 'skipped', reason: explainNoGetOperation(document) };
  const request = buildMockRequest(document, entry);
  const prism = await startPrism(documentFile, HOST, await freePort(), START_MS).catch(
    (err: unknown) => {
      throw explainStartFailure(err, document);
    },
  );
  try {
    return await callMock(prism.url, request, basePathOf(document));
  } finally {
    await stopPrism(prism);
  }
}

/**
 * Prism 5 serves operation paths from the root and ignores the server URL's path, so the bare
 * path is tried first; the prefixed one covers a Prism that honours the prefix.
 */
async function callMock(
  origin: string,
  request: MockRequest,
  basePath: string,
): Promise<CheckOutcome> {
  const paths = [...new Set([request.path, basePath + request.path])];
  for (const path of paths) {
    const response = await sendGet(origin, path, request);
    if (response.noRoute) continue;
    const line = `GET ${path} -> ${response.status}`;
    if (response.status >= 500)
      return { status: 'failed', reason: oneLine(`${line} ${response.title}`) };
    return { status: 'ok', detail: line };
  }
  return { status: 'failed', reason: `GET ${paths.join(' and ')} -> 404 Prism found no route` };
}

async function sendGet(origin: string, path: string, request: MockRequest): Promise<MockResponse> {
  const url = new URL(origin + path);
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
  const response = await fetch(url, {
    headers: request.headers,
    signal: AbortSignal.timeout(REQUEST_MS),
  });
  const problem = parseProblem(await response.text());
  return {
    status: response.status,
    title: problem.title,
    noRoute: response.status === 404 && problem.type.endsWith('NO_PATH_MATCHED_ERROR'),
  };
}

/** The `type` and `title` of an RFC 7807 problem body; empty strings for any other body. */
function parseProblem(text: string): { type: string; title: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown> | null;
    return { type: textOf(body?.type), title: textOf(body?.title) };
  } catch {
    return { type: '', title: '' };
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Prism follows every `$ref`, even inside example values; name the one it could not fetch. */
function explainStartFailure(err: unknown, document: ApiDocument): Error {
  const message = err instanceof Error ? err.message : String(err);
  const remote = findRemoteRefs(document);
  if (remote.length === 0) return new Error(message);
  const hint = `the bundle keeps ${remote.length} non-local $ref value(s) Prism tries to fetch, first at ${remote[0]}`;
  return new Error(`${message}; ${hint}`);
}

/** JSON pointers of every `$ref` string that does not start with `#`. */
function findRemoteRefs(value: unknown, pointer = '#'): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#')) found.push(pointer);
  for (const [key, child] of Object.entries(value)) {
    const segment = key.replace(/~/g, '~0').replace(/\//g, '~1');
    found.push(...findRemoteRefs(child, `${pointer}/${segment}`));
  }
  return found;
}

async function stopPrism(prism: PrismServer): Promise<void> {
  prism.stop();
  await Promise.race([prism.exited, delay(5_000)]);
}

/** A loopback port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
