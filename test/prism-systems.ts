import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

import type { MockSettings } from '../src/pipeline/mocks.js';
import { startPrism, type PrismServer } from '../src/pipeline/prism.js';
import { projectPaths } from '../src/pipeline/run.js';

/** One request the code under test sent to a Prism mock, and how Prism answered it. */
export interface PrismExchange {
  /** The API id of the mock, such as `billing-system-v1`. */
  api: string;
  method: string;
  /** The path and query string, decoded. */
  path: string;
  /** The parsed JSON body sent; undefined when there was none. */
  body: unknown;
  status: number;
  /** Prism's `sl-violations` header: what it found wrong with the request; null for nothing. */
  violations: string | null;
}

/** Which of the spec's answers Prism gives to the requests whose `METHOD /path` starts so. */
export interface PrismPreference {
  request: string;
  /** The `Prefer` header value: `example=<name>` or `code=<status>`. */
  prefer: string;
}

/** Prism mocks of system specs, and every exchange the process had with them. */
export interface PrismSystems {
  /** Each mock's origin by API id. */
  urls: Record<string, string>;
  /** Oldest first. */
  exchanges: PrismExchange[];
  /**
   * The exchanges from index `from` on, one line each, `<api> <METHOD> <path> -> <status>`, and
   * Prism's violations after it when it found any.
   */
  exchangeLines(from: number): string[];
  /** Replaces the preferences sent with the next requests; `[]` asks for the defaults again. */
  prefer(preferences: PrismPreference[]): void;
  /** Stops every mock and stops recording. */
  stop(): Promise<void>;
}

/**
 * Serves each system spec in `apis` with Prism as `junction mock <api>` does (its generated
 * document and host from `generated/<api>/mock.json`), on free loopback ports, and records every
 * `fetch` to them until stopped. Expects `generated/` to be current, as the integration tests'
 * global setup leaves it.
 */
export async function startPrismSystems(apis: readonly string[]): Promise<PrismSystems> {
  const servers = await startMocks(apis);
  const urls = Object.fromEntries(apis.map((api, i) => [api, servers[i]!.url]));
  const exchanges: PrismExchange[] = [];
  let preferences: PrismPreference[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = recordingFetch(original, urls, exchanges, () => preferences);
  return {
    urls,
    exchanges,
    exchangeLines: (from) => exchanges.slice(from).map(lineOf),
    prefer: (next) => (preferences = [...next]),
    async stop() {
      globalThis.fetch = original;
      for (const server of servers) server.stop();
      await Promise.all(servers.map((server) => server.exited));
    },
  };
}

function lineOf({ api, method, path, status, violations }: PrismExchange): string {
  return `${api} ${method} ${path} -> ${status}${violations === null ? '' : ` ${violations}`}`;
}

/** Starts every mock, or none: when one fails to start, the others are stopped again. */
async function startMocks(apis: readonly string[]): Promise<PrismServer[]> {
  const started = await Promise.allSettled(apis.map((api) => startMock(api)));
  const servers = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure === undefined) return servers;
  for (const server of servers) server.stop();
  throw failure.reason;
}

async function startMock(api: string): Promise<PrismServer> {
  const { outDir } = projectPaths(process.cwd());
  const settings = JSON.parse(readFileSync(join(outDir, api, 'mock.json'), 'utf8')) as MockSettings;
  const document = join(outDir, settings.api, settings.document);
  return startPrism(document, settings.host, await freePort(settings.host));
}

function freePort(host: string): Promise<number> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function recordingFetch(
  original: typeof fetch,
  urls: Record<string, string>,
  exchanges: PrismExchange[],
  preferences: () => PrismPreference[],
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const api = Object.keys(urls).find((id) => urls[id] === url.origin);
    if (api === undefined) return original(request);

    const path = decodeURIComponent(url.pathname + url.search);
    const preference = preferences().find((p) => `${request.method} ${path}`.startsWith(p.request));
    if (preference !== undefined) request.headers.set('Prefer', preference.prefer);
    const text = await request.clone().text();
    const response = await original(request);
    exchanges.push({
      api,
      method: request.method,
      path,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
      status: response.status,
      violations: response.headers.get('sl-violations'),
    });
    return response;
  };
}
