import { describe, expect, it } from 'vitest';

import { send, useApp } from './harness.js';

const V1_DEPRECATION = {
  deprecation: '@1796083200',
  sunset: 'Wed, 30 Jun 2027 00:00:00 GMT',
  link:
    '</docs/canonical-v2/>; rel="deprecation", </docs/canonical-v2/>; rel="sunset", ' +
    '</canonical/v2>; rel="successor-version"',
};

const NOT_DEPRECATED = { deprecation: null, sunset: null, link: null };

describe('API versions and their deprecation', () => {
  const suite = useApp();

  function deprecationOf(headers: Headers) {
    return {
      deprecation: headers.get('deprecation'),
      sunset: headers.get('sunset'),
      link: headers.get('link'),
    };
  }

  it('lists canonical-v1 as deprecated with its sunset and canonical-v2 as active', async () => {
    const { data, response } = await suite.platform.client.GET('/apis');
    expect(response.status).toBe(200);
    expect(data?.data.find((api) => api.name === 'canonical')).toStrictEqual({
      name: 'canonical',
      versions: [
        {
          id: 'canonical-v1',
          version: 'v1',
          title: 'Canonical API',
          basePath: '/canonical/v1',
          status: 'deprecated',
          deprecatedAt: '2026-12-01T00:00:00Z',
          sunsetAt: '2027-06-30T00:00:00Z',
        },
        {
          id: 'canonical-v2',
          version: 'v2',
          title: 'Canonical API',
          basePath: '/canonical/v2',
          status: 'active',
        },
      ],
    });
  });

  it.each([
    ['a v1 answer', '/canonical/v1/organizations', 200, V1_DEPRECATION],
    ['a v1 refusal', '/canonical/v1/organizations?limit=abc', 400, V1_DEPRECATION],
    [
      'a v1 miss',
      '/canonical/v1/organizations/00000000-0000-4000-8000-000000000000',
      404,
      V1_DEPRECATION,
    ],
    ['a v2 answer', '/canonical/v2/organizations', 200, NOT_DEPRECATED],
  ])('gives %s the deprecation headers of its version', async (_name, path, status, headers) => {
    const answer = await send(suite.url(path));
    expect(answer.status, answer.text).toBe(status);
    expect(deprecationOf(answer.headers)).toStrictEqual(headers);
  });
});
