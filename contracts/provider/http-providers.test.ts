import type { IncomingMessage, ServerResponse } from 'node:http';

import { Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp } from '../../test/running-app.js';
import type { RunningApp } from '../../test/running-app.js';
import { pactFilesOf } from '../support/pact-files.js';
import { issueBillingToken } from './billing-access.js';
import { httpStateHandlers } from './http-states.js';
import { startSystemFakes } from '../support/system-fakes.js';
import type { SystemFakes } from '../support/system-fakes.js';

const PROVIDERS = [
  'canonical-v1',
  'canonical-v2',
  'billing-v1',
  'sales-v1',
  'finance-v1',
  'fulfillment-v1',
  'storefront-v1',
] as const;

describe('the running app against every consumer pact', () => {
  let fakes: SystemFakes | undefined;
  let app: RunningApp | undefined;
  let billingToken = '';

  beforeAll(async () => {
    // A storefront purchase runs the web-purchase flow against the billing system, and the flows
    // its events start call the billing system and the CRM: fakes of both stand in for them.
    fakes = await startSystemFakes();
    app = await fakes.serving(() => startTestApp('sqlite'));
    const adminKey = app.bootstrapKey ?? process.env.JUNCTION_ADMIN_KEY;
    if (!adminKey) throw new Error('expected an admin key from the app or JUNCTION_ADMIN_KEY');
    billingToken = await issueBillingToken(app.url, adminKey);
  });

  afterAll(async () => {
    await app?.close();
    await fakes?.stop();
  });

  // Consumers send a token of their own; the verified request carries one this app issued.
  const authorize = (request: IncomingMessage, _response: ServerResponse, next: () => void) => {
    if (request.url?.startsWith('/billing/v1/')) {
      request.headers.authorization = `Bearer ${billingToken}`;
    }
    next();
  };

  it.each(PROVIDERS)('%s honours its consumers', async (provider) => {
    if (!app) throw new Error('expected the app to run; it is started in beforeAll');
    const verifier = new Verifier({
      provider,
      providerBaseUrl: app.url,
      pactUrls: pactFilesOf(provider),
      stateHandlers: httpStateHandlers(app.store),
      requestFilter: authorize,
      logLevel: 'warn',
    });
    await expect(verifier.verifyProvider()).resolves.toBeDefined();
  });
});
