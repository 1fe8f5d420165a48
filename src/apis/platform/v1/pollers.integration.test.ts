import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, testDialects } from '../../../../test/running-app.js';
import type { RunningApp } from '../../../../test/running-app.js';
import { recordPollFailure, saveCheckpoint } from '../../../flows/poll/poller-states.js';
import { createAdminKey } from '../../../store/platform/index.js';

describe.each(testDialects())('GET /platform/v1/pollers on %s', (dialect) => {
  let app: RunningApp;
  let viewerKey: string;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    viewerKey = (await createAdminKey(app.store, { name: 'viewer', role: 'viewer' })).key;
    await saveCheckpoint(
      app.store,
      'erp-payments',
      { watermark: '2026-11-20T14:03:00Z', lastId: '920144' },
      3,
    );
    await recordPollFailure(app.store, 'erp-payments', {
      at: '2026-11-20T15:00:00.000Z',
      error: 'erp-system-v1 listCustomerPayments answered 503: Service Unavailable',
      nextAttemptAt: '2026-11-20T15:00:01.000Z',
    });
  });
  afterAll(() => app.close());

  it('lists each poller with its checkpoint and health', async () => {
    const response = await fetch(`${app.url}/platform/v1/pollers`, {
      headers: { 'x-admin-key': viewerKey },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      data: [
        {
          name: 'erp-payments',
          watermark: '2026-11-20T14:03:00Z',
          lastId: '920144',
          itemsHandled: 3,
          failures: 1,
          lastError: 'erp-system-v1 listCustomerPayments answered 503: Service Unavailable',
          nextAttemptAt: '2026-11-20T15:00:01.000Z',
          lastPolledAt: '2026-11-20T15:00:00.000Z',
          lastSuccessAt: null,
        },
      ],
    });
  });

  it('refuses a call without an admin key with 401', async () => {
    const response = await fetch(`${app.url}/platform/v1/pollers`);

    expect(response.status).toBe(401);
  });
});
