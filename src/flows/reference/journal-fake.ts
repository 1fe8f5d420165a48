import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { RecordedCall } from '../../connectors/fakes/index.js';
import type { BillingJournalEntry } from './journal-billing.js';

/** A running fake of the billing system's journal operations. */
export interface JournalFake {
  url: string;
  calls: RecordedCall[];
  /** Journal entries by journal run number; tests seed them. */
  runs: Map<string, BillingJournalEntry[]>;
  stop(): Promise<void>;
}

/**
 * Serves the billing system's journal operations that its spec does not declare yet (see
 * `BillingJournalApi`) over loopback, from seeded journal runs, recording every call.
 */
export async function startJournalFake(): Promise<JournalFake> {
  const calls: RecordedCall[] = [];
  const runs = new Map<string, BillingJournalEntry[]>();
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      calls.push({ method: request.method ?? 'GET', path, query: {}, body });
      answer(runs, request.method ?? 'GET', path, body, response);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    runs,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err === undefined ? resolve() : reject(err)));
        server.closeAllConnections();
      }),
  };
}

function answer(
  runs: Map<string, BillingJournalEntry[]>,
  method: string,
  path: string,
  body: unknown,
  response: ServerResponse,
): void {
  const list = /^\/v1\/journal-entries\/journal-runs\/([^/]+)$/.exec(path);
  if (method === 'GET' && list !== null) {
    const entries = runs.get(decodeURIComponent(list[1]!));
    if (entries === undefined) return reply(response, 404, notFound(list[1]!));
    return reply(response, 200, { journalEntries: entries, success: true });
  }
  const update = /^\/v1\/journal-entries\/([^/]+)\/basic-information$/.exec(path);
  if (method === 'PUT' && update !== null) {
    const number = decodeURIComponent(update[1]!);
    const entry = [...runs.values()].flat().find((candidate) => candidate.number === number);
    if (entry === undefined) return reply(response, 404, notFound(number));
    Object.assign(entry, body as Partial<BillingJournalEntry>);
    return reply(response, 200, { success: true });
  }
  reply(response, 404, notFound(path));
}

function notFound(key: string) {
  return {
    success: false,
    reasons: [{ code: 50000040, message: `Cannot find entity by key: '${key}'.` }],
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
