import { describe, expect, it } from 'vitest';

import { JSON_BODY, expectProblem, send, useApp, waitFor } from './harness.js';

describe('cache configured through the platform API on canonical-v1 getOrganization', () => {
  const suite = useApp();

  it('serves a stored answer with its ETag, and 304 for a matching If-None-Match', async () => {
    const created = await send(suite.url('/canonical/v1/organizations'), {
      method: 'POST',
      headers: JSON_BODY,
      body: JSON.stringify({ legalName: 'Cached Widgets Ltd', domain: 'cached.example' }),
    });
    expect(created.status, created.text).toBe(201);
    const { id } = JSON.parse(created.text) as { id: string };
    const read = () => send(suite.url(`/canonical/v1/organizations/${id}`));

    await suite.platform.putPolicy('canonical-v1', 'cache', { ttlSeconds: 60 }, 'getOrganization');
    // Express puts a weak ETag on every answer; the policy's answers say how long they keep.
    const stored = await waitFor(
      read,
      (answer) => answer.headers.get('cache-control') === 'private, max-age=60',
      'the cache policy',
    );
    expect(stored.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    const hit = await read();
    expect(hit.status).toBe(200);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.headers.get('etag')).toBe(stored.headers.get('etag'));
    expect(JSON.parse(hit.text)).toMatchObject({ id, legalName: 'Cached Widgets Ltd' });

    const etag = hit.headers.get('etag') ?? '';
    const unchanged = await send(suite.url(`/canonical/v1/organizations/${id}`), {
      headers: { 'if-none-match': etag },
    });
    expect(unchanged.status).toBe(304);
    expect(unchanged.text).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);

    await suite.platform.deletePolicy('canonical-v1', 'cache', 'getOrganization');
    await waitFor(read, (answer) => answer.headers.get('x-cache') === null, 'no cache policy');
  });
});

describe('spike control configured through the platform API on canonical-v1', () => {
  const suite = useApp();

  it('admits the burst allowance and answers the excess 429 spike-limited with Retry-After', async () => {
    const list = () => send(suite.url('/canonical/v1/contacts'));
    await suite.platform.putPolicy('canonical-v1', 'spike-control', {
      requests: 2,
      window: '10s',
      queueSize: 0,
    });
    const refused = await waitFor(list, (answer) => answer.status === 429, 'the spike policy');
    expectProblem(refused, 429, 'spike-limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    const burst = await Promise.all(Array.from({ length: 5 }, list));
    expect(burst.every((answer) => answer.status === 429)).toBe(true);

    await suite.platform.deletePolicy('canonical-v1', 'spike-control');
    await waitFor(list, (answer) => answer.status === 200, 'no spike policy');
  });
});
