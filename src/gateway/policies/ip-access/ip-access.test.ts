import { describe, expect, it } from 'vitest';

import { parseAddressList } from './address-list.js';
import { createIpAccess, resolveClientAddress } from './index.js';

function trusted(...entries: string[]) {
  const parsed = parseAddressList('trustedProxies', entries);
  if (!parsed.ok) throw new Error(`bad fixture: ${parsed.problem.value}`);
  return parsed.list;
}

describe('resolveClientAddress', () => {
  const cases = [
    {
      name: 'ignores X-Forwarded-For from an untrusted peer',
      peer: '198.51.100.7',
      xff: '203.0.113.9',
      want: '198.51.100.7',
    },
    {
      name: 'takes the rightmost untrusted hop behind a trusted proxy',
      peer: '10.0.0.2',
      xff: '203.0.113.9, 198.51.100.4',
      want: '198.51.100.4',
    },
    {
      name: 'skips every trusted hop from the right',
      peer: '10.0.0.2',
      xff: '203.0.113.9, 10.0.0.5',
      want: '203.0.113.9',
    },
    {
      name: 'cannot be fooled by addresses the client prepends',
      peer: '10.0.0.2',
      xff: '1.1.1.1, 203.0.113.9',
      want: '203.0.113.9',
    },
    {
      name: 'falls back to the leftmost hop when every hop is trusted',
      peer: '10.0.0.2',
      xff: '10.0.0.9, 10.0.0.5',
      want: '10.0.0.9',
    },
    {
      name: 'keeps the peer when a hop is not an address',
      peer: '10.0.0.2',
      xff: 'unknown',
      want: '10.0.0.2',
    },
    {
      name: 'unmaps an IPv4-mapped IPv6 peer',
      peer: '::ffff:198.51.100.7',
      xff: undefined,
      want: '198.51.100.7',
    },
    {
      name: 'trusts an IPv4-mapped IPv6 proxy',
      peer: '::ffff:10.0.0.2',
      xff: '2001:db8::42',
      want: '2001:db8::42',
    },
  ];
  for (const { name, peer, xff, want } of cases) {
    it(name, () => {
      expect(resolveClientAddress(peer, xff, trusted('10.0.0.0/8'))).toBe(want);
    });
  }
});

describe('createIpAccess', () => {
  const check = (options: Parameters<typeof createIpAccess>[0]) => {
    const created = createIpAccess(options);
    if (!created.ok) throw new Error(created.problem.value);
    return created.check;
  };

  it.each([
    { peer: '203.0.113.9', want: { allowed: true, client: '203.0.113.9' } },
    { peer: '203.0.113.66', want: { allowed: false, client: '203.0.113.66' } },
    { peer: '198.51.100.1', want: { allowed: false, client: '198.51.100.1' } },
    { peer: '2001:db8::1', want: { allowed: true, client: '2001:db8::1' } },
    { peer: '::ffff:203.0.113.9', want: { allowed: true, client: '203.0.113.9' } },
  ])('decides $peer as $want.allowed with allow and deny lists, deny winning', ({ peer, want }) => {
    const decide = check({ allow: ['203.0.113.0/24', '2001:db8::/32'], deny: ['203.0.113.64/26'] });
    expect(decide(peer, undefined)).toStrictEqual(want);
  });

  it('allows everyone not denied when the allow list is empty', () => {
    expect(check({ deny: ['192.0.2.1'] })('198.51.100.1', undefined)).toStrictEqual({
      allowed: true,
      client: '198.51.100.1',
    });
  });

  it('judges the forwarded client, not the proxy, behind a trusted proxy', () => {
    const decide = check({ allow: ['203.0.113.0/24'], trustedProxies: ['10.0.0.0/8'] });
    expect(decide('10.0.0.7', '198.51.100.4, 203.0.113.9')).toStrictEqual({
      allowed: true,
      client: '203.0.113.9',
    });
    expect(decide('198.51.100.4', '203.0.113.9')).toStrictEqual({
      allowed: false,
      client: '198.51.100.4',
    });
  });

  it.each([
    { options: { allow: ['203.0.113.0/33'] }, key: 'allow', value: '203.0.113.0/33' },
    { options: { deny: ['not-an-address'] }, key: 'deny', value: 'not-an-address' },
    {
      options: { trustedProxies: ['2001:db8::/129'] },
      key: 'trustedProxies',
      value: '2001:db8::/129',
    },
    { options: { allow: ['10.0.0.0/8/1'] }, key: 'allow', value: '10.0.0.0/8/1' },
  ])('refuses $value under $key and says what it expected', ({ options, key, value }) => {
    expect(createIpAccess(options)).toStrictEqual({
      ok: false,
      problem: {
        key,
        value,
        expected:
          'an IPv4 or IPv6 address, or a CIDR range such as 203.0.113.0/24 or 2001:db8::/32',
      },
    });
  });
});
