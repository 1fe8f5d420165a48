import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { PactV4 } from '@pact-foundation/pact';

/** Where every pact file is written and read: committed, so the checker and CI can read them. */
export const PACT_DIR = join(import.meta.dirname, '..', 'pacts');

/** The pact file of one consumer-provider pair. */
export function pactFile(consumer: string, provider: string): string {
  return join(PACT_DIR, `${consumer}-${provider}.json`);
}

/**
 * A Pact V4 consumer for one pair whose file starts empty: the file then holds exactly the
 * interactions of this run, as Pact otherwise merges new interactions into old ones.
 */
export function startPact(consumer: string, provider: string): PactV4 {
  rmSync(pactFile(consumer, provider), { force: true });
  return new PactV4({ consumer, provider, dir: PACT_DIR, logLevel: 'warn' });
}

/** Every committed pact file whose provider is `provider`, sorted; fails when there is none. */
export function pactFilesOf(provider: string): string[] {
  const files = readdirSync(PACT_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => join(PACT_DIR, name))
    .filter((file) => providerOf(file) === provider)
    .sort();
  if (files.length === 0) {
    throw new Error(`expected a pact with provider '${provider}' in ${PACT_DIR}, got none`);
  }
  return files;
}

function providerOf(file: string): string | undefined {
  const pact = JSON.parse(readFileSync(file, 'utf8')) as { provider?: { name?: string } };
  return pact.provider?.name;
}

/** How long a mock server gets, after its last answer, to record the match before it is read. */
const MATCH_RECORDING_MS = 50;

/**
 * Wraps a consumer test run against a Pact mock server so the server's match bookkeeping settles
 * before Pact reads it: the server records a match only after it answered, and on a busy machine
 * an immediate read reports an answered request as never received.
 */
export function settled<Server, T>(test: (server: Server) => Promise<T>) {
  return async (server: Server): Promise<T> => {
    const result = await test(server);
    await new Promise((resolve) => setTimeout(resolve, MATCH_RECORDING_MS));
    return result;
  };
}
