import { describe, expect, it } from 'vitest';

import { targetPath } from './target-path.js';

describe('targetPath', () => {
  const cases = [
    {
      name: 'strips the base path and keeps the rest',
      url: '/systems/billing/v1/v1/accounts',
      base: '/systems/billing/v1',
      upstream: '',
      want: { ok: true, path: '/v1/accounts' },
    },
    {
      name: 'appends the rest to the upstream path prefix',
      url: '/systems/billing/v1/v1/accounts',
      base: '/systems/billing/v1',
      upstream: '/ledgerly/',
      want: { ok: true, path: '/ledgerly/v1/accounts' },
    },
    {
      name: 'keeps the query string byte for byte',
      url: '/b/v1/accounts?page=2&pageSize=20&name=A%20B&x=%2F',
      base: '/b',
      upstream: '/',
      want: { ok: true, path: '/v1/accounts?page=2&pageSize=20&name=A%20B&x=%2F' },
    },
    {
      name: 'maps the base path itself to the upstream root',
      url: '/systems/billing/v1?ping=1',
      base: '/systems/billing/v1',
      upstream: '/',
      want: { ok: true, path: '/?ping=1' },
    },
    {
      name: 'maps the base path itself to the upstream prefix',
      url: '/systems/billing/v1',
      base: '/systems/billing/v1/',
      upstream: '/api',
      want: { ok: true, path: '/api' },
    },
    {
      name: 'matches the base path case-insensitively, as Express does',
      url: '/Systems/Billing/V1/v1/Accounts',
      base: '/systems/billing/v1',
      upstream: '',
      want: { ok: true, path: '/v1/Accounts' },
    },
    {
      name: 'forwards everything under an empty base path',
      url: '/v1/accounts/A001',
      base: '/',
      upstream: '/api',
      want: { ok: true, path: '/api/v1/accounts/A001' },
    },
    {
      name: 'keeps percent-encoded characters of the path',
      url: '/b/v1/accounts/A%2F001',
      base: '/b',
      upstream: '',
      want: { ok: true, path: '/v1/accounts/A%2F001' },
    },
    {
      name: 'refuses a path outside the base path',
      url: '/sales/v1/accounts',
      base: '/systems/billing/v1',
      upstream: '',
      want: { ok: false, reason: 'outside-base-path' },
    },
    {
      name: 'refuses a path that only starts with the same characters',
      url: '/systems/billing/v10/accounts',
      base: '/systems/billing/v1',
      upstream: '',
      want: { ok: false, reason: 'outside-base-path' },
    },
    {
      name: 'refuses a .. segment',
      url: '/b/v1/../../admin',
      base: '/b',
      upstream: '/api',
      want: { ok: false, reason: 'dot-segment' },
    },
    {
      name: 'refuses a percent-encoded .. segment',
      url: '/b/%2E%2e/admin',
      base: '/b',
      upstream: '/api',
      want: { ok: false, reason: 'dot-segment' },
    },
    {
      name: 'refuses a .. hidden behind an encoded slash',
      url: '/b/v1/..%2fadmin',
      base: '/b',
      upstream: '/api',
      want: { ok: false, reason: 'dot-segment' },
    },
    {
      name: 'refuses a . segment',
      url: '/b/./v1',
      base: '/b',
      upstream: '',
      want: { ok: false, reason: 'dot-segment' },
    },
    {
      name: 'accepts dots inside a segment',
      url: '/b/v1/files/report..v2.pdf?x=..',
      base: '/b',
      upstream: '',
      want: { ok: true, path: '/v1/files/report..v2.pdf?x=..' },
    },
  ];
  it.each(cases)('$name', ({ url, base, upstream, want }) => {
    expect(targetPath(url, base, upstream)).toStrictEqual(want);
  });
});
