import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTestApp, testDialects } from '../running-app.js';
import type { RunningApp } from '../running-app.js';
import { expectProblem, Platform, PROPAGATION_LIMIT_MS, send, waitFor } from './harness.js';

// Two processes of one deployment share a database; PostgreSQL is the shared one in production.
const dialect = testDialects().includes('postgres') ? 'postgres' : 'sqlite';

describe(`a policy stored through one app, served by another on one ${dialect} database`, () => {
  let first: RunningApp | undefined;
  let second: RunningApp | undefined;

  beforeAll(async () => {
    first = await startTestApp(dialect);
    second = await startTestApp(dialect, { shareDatabaseOf: first });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('is applied by the other app within 5 s, and so is its deletion', async ({ annotate }) => {
    if (!first || !second) throw new Error('expected both apps to have started');
    const platform = new Platform(first);
    const organizations = `${second.url}/canonical/v1/organizations`;
    expect((await send(organizations)).status).toBe(200);

    const storing = performance.now();
    await platform.putPolicy('canonical-v1', 'ip-access', { allow: ['10.0.0.0/8'] });
    const denied = await waitFor(
      () => send(organizations),
      (answer) => answer.status !== 200,
      'the policy on the other app',
    );
    const appliedMs = performance.now() - storing;
    expectProblem(
      denied,
      403,
      'address-denied',
      'The client address 127.0.0.1 may not call this API.',
    );
    expect(appliedMs).toBeLessThan(PROPAGATION_LIMIT_MS);

    const deleting = performance.now();
    await platform.deletePolicy('canonical-v1', 'ip-access');
    await waitFor(
      () => send(organizations),
      (answer) => answer.status === 200,
      'the deletion on the other app',
    );
    const removedMs = performance.now() - deleting;
    expect(removedMs).toBeLessThan(PROPAGATION_LIMIT_MS);
    await annotate(
      `applied after ${Math.round(appliedMs)} ms, removed after ${Math.round(removedMs)} ms`,
    );
  });
});
