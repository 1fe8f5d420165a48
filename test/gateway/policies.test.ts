import { describe, expect, it } from 'vitest';

import { forgetQuotas } from '../services.js';
import { expectProblem, send, useApp, waitFor } from './harness.js';

describe('ip-access configured through the platform API on canonical-v1', () => {
  const suite = useApp();
  const organizations = (headers: Record<string, string> = {}) =>
    send(suite.url('/canonical/v1/organizations'), { headers });
  const forwarded = () => organizations({ 'x-forwarded-for': '203.0.113.9' });

  it('trusts X-Forwarded-For from trusted proxies only and refuses unlisted clients', async () => {
    const { platform } = suite;
    const deny = ['203.0.113.9/32'];
    await platform.putPolicy('canonical-v1', 'ip-access', {
      deny,
      trustedProxies: ['127.0.0.1/32', '::1/128'],
    });
    const denied = await waitFor(forwarded, (answer) => answer.status === 403, 'the trusted proxy');
    expectProblem(
      denied,
      403,
      'address-denied',
      'The client address 203.0.113.9 may not call this API.',
    );
    expect((await organizations()).status).toBe(200);

    // Without trusted proxies the header comes from an untrusted peer and is ignored.
    await platform.putPolicy('canonical-v1', 'ip-access', { deny });
    const ignored = await waitFor(forwarded, (answer) => answer.status !== 403, 'untrusted XFF');
    expect(ignored.status, ignored.text).toBe(200);

    await platform.putPolicy('canonical-v1', 'ip-access', { allow: ['10.0.0.0/8'] });
    const outside = await waitFor(organizations, (answer) => answer.status !== 200, 'allow list');
    expectProblem(
      outside,
      403,
      'address-denied',
      'The client address 127.0.0.1 may not call this API.',
    );

    await platform.deletePolicy('canonical-v1', 'ip-access');
    await waitFor(organizations, (answer) => answer.status === 200, 'no ip-access policy');
  });
});

describe('rate-limit configured through the platform API on canonical-v1 listOrganizations', () => {
  const suite = useApp();
  const organizations = () => send(suite.url('/canonical/v1/organizations'));

  it('refuses the third request in the hour with 429 and its headers, until deleted', async () => {
    await forgetQuotas('canonical-v1 listOrganizations@platform');
    const { platform } = suite;
    const config = { key: 'ip', windows: [{ limit: 2, window: '1h' }] };
    await platform.putPolicy('canonical-v1', 'rate-limit', config, 'listOrganizations');

    // The first answer with the policy's header is the first request counted.
    const first = await waitFor(
      organizations,
      (answer) => answer.headers.has('ratelimit-policy'),
      'the rate-limit policy',
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"1h";q=2;w=3600');
    expect(first.headers.get('ratelimit')).toMatch(/^"1h";r=1;t=\d+$/);
    const second = await organizations();
    expect(second.status).toBe(200);
    expect(second.headers.get('ratelimit')).toMatch(/^"1h";r=0;t=\d+$/);

    const third = await organizations();
    const retryAfter = third.headers.get('retry-after') ?? '';
    expect(retryAfter).toMatch(/^[1-9]\d*$/);
    expect(Number(retryAfter)).toBeLessThanOrEqual(3_600);
    expectProblem(
      third,
      429,
      'rate-limited',
      `The quota of 2 requests per 1h is used up; retry after ${retryAfter} seconds.`,
    );
    expect(third.headers.get('ratelimit-policy')).toBe('"1h";q=2;w=3600');
    expect(third.headers.get('ratelimit')).toMatch(/^"1h";r=0;t=\d+$/);

    await platform.deletePolicy('canonical-v1', 'rate-limit', 'listOrganizations');
    const restored = await waitFor(organizations, (answer) => answer.status === 200, 'no quota');
    expect(restored.headers.has('ratelimit-policy')).toBe(false);
    await forgetQuotas('canonical-v1 listOrganizations@platform');
  });
});

/**
 * Deletes the Redis counters of the quota this file configures, so a run within the hour of the
 * last one starts with a full bucket. Without Redis the counters live in the app that ends.
 */
describe('cors configured through the platform API on canonical-v1', () => {
  const suite = useApp();
  const ORIGIN = 'https://example.com';
  const LOOK_ALIKE = 'https://example.com.evil.test';
  const preflight = (origin: string) =>
    send(suite.url('/canonical/v1/organizations'), {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
  const get = (origin: string) =>
    send(suite.url('/canonical/v1/organizations'), { headers: { origin } });

  it('answers a preflight from the listed origin and nothing to a look-alike', async () => {
    await suite.platform.putPolicy('canonical-v1', 'cors', { origins: [ORIGIN] });
    const allowed = await waitFor(
      () => preflight(ORIGIN),
      (answer) => answer.status === 204,
      'the cors policy',
    );
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toBe(
      'GET, HEAD, POST, PUT, PATCH, DELETE',
    );
    expect(allowed.headers.get('access-control-max-age')).toBe('600');
    expect(allowed.headers.get('vary')).toContain('Origin');
    expect(allowed.text).toBe('');

    const lookAlike = await preflight(LOOK_ALIKE);
    expectProblem(
      lookAlike,
      403,
      'origin-not-allowed',
      'expected an origin this API allows, got "https://example.com.evil.test"',
    );
    expect(lookAlike.headers.has('access-control-allow-origin')).toBe(false);
    expect(lookAlike.headers.has('access-control-allow-methods')).toBe(false);

    const actual = await get(ORIGIN);
    expect(actual.status).toBe(200);
    expect(actual.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const fromLookAlike = await get(LOOK_ALIKE);
    expect(fromLookAlike.status).toBe(200);
    expect(fromLookAlike.headers.has('access-control-allow-origin')).toBe(false);
    expect(fromLookAlike.headers.get('vary')).toContain('Origin');

    await suite.platform.deletePolicy('canonical-v1', 'cors');
    await waitFor(
      () => get(ORIGIN),
      (answer) => !answer.headers.has('access-control-allow-origin'),
      'no cors policy',
    );
  });
});

describe('an invalid policy configuration through the platform API', () => {
  const suite = useApp();
  const listed = async () => {
    const { data } = await suite.platform.client.GET('/apis/{apiId}/policies', {
      params: { path: { apiId: 'canonical-v1' } },
    });
    return data;
  };

  const invalid: { policy: string; config: Record<string, unknown>; reason: string }[] = [
    {
      policy: 'ip-access',
      config: { deny: ['203.0.113.300/32'] },
      reason:
        'deny="203.0.113.300/32" is not valid: expected an IPv4 or IPv6 address, ' +
        'or a CIDR range such as 203.0.113.0/24 or 2001:db8::/32',
    },
    {
      policy: 'rate-limit',
      config: { windows: [{ limit: 2, window: 'forever' }] },
      reason:
        'windows[0].window="forever" is not valid: expected a duration such as ' +
        "'500ms', '1s', '10s', '1m', '1h' or '1d', or a whole number of seconds, " +
        'between 1ms and 366d',
    },
    {
      policy: 'cors',
      config: { origins: ['https://example.com'], maxAgeSeconds: 100_000 },
      reason: 'maxAgeSeconds=100000 is not valid: expected must be <= 86400',
    },
  ];

  it.each(invalid)(
    'refuses $policy with 400 naming API, policy, key and value, and changes nothing',
    async ({ policy, config, reason }) => {
      const { platform } = suite;
      const kept = { deny: ['198.51.100.0/24'] };
      await platform.putPolicy('canonical-v1', 'ip-access', kept);
      const before = await listed();

      const { response, error } = await platform.client.PUT('/apis/{apiId}/policies/{policy}', {
        params: { path: { apiId: 'canonical-v1', policy } },
        body: { config },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const message = `canonical-v1: policy '${policy}': ${reason}`;
      const refusal = `Policy '${policy}' of API 'canonical-v1' cannot use this configuration`;
      expect(error).toStrictEqual({
        type: 'https://junction.dev/errors/validation-failed',
        title: 'The request is not valid against the API contract',
        status: 400,
        code: 'validation-failed',
        detail: `${refusal}: ${message}`,
        instance: `/platform/v1/apis/canonical-v1/policies/${policy}`,
        correlationId: response.headers.get('x-correlation-id'),
        errors: [{ in: 'body', pointer: '/config', message }],
      });

      expect(await listed()).toStrictEqual(before);
      expect((await send(suite.url('/canonical/v1/organizations'))).status).toBe(200);
      await platform.deletePolicy('canonical-v1', 'ip-access');
    },
  );
});
