import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/index.js';
import { createSqliteTestDatabase } from '../../src/store/test-databases.js';
import type { TestDatabase } from '../../src/store/test-databases.js';
import { pactFilesOf } from '../support/pact-files.js';
import { eventPublishers, eventStateHandlers } from './event-changes.js';

describe('the canonical events the runtime publishes against every consumer pact', () => {
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await createSqliteTestDatabase();
    store = await openStore(database.options);
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('canonical-events-v1 honours its consumers', async () => {
    // The Verifier, not MessageProviderPact, serves the V4 asynchronous messages these pacts hold.
    const verifier = new Verifier({
      provider: 'canonical-events-v1',
      pactUrls: pactFilesOf('canonical-events-v1'),
      stateHandlers: eventStateHandlers(store),
      messageProviders: eventPublishers(store),
      logLevel: 'warn',
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  });
});
