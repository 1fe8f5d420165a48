import { BlockList, isIP } from 'node:net';

/** A configuration value the policy cannot use: which key, which value, what was expected. */
export interface ConfigProblem {
  key: string;
  value: string;
  expected: string;
}

/** The outcome of reading a list of addresses and CIDR ranges from configuration. */
export type AddressListResult =
  { ok: true; list: BlockList } | { ok: false; problem: ConfigProblem };

const EXPECTED = 'an IPv4 or IPv6 address, or a CIDR range such as 203.0.113.0/24 or 2001:db8::/32';

/**
 * Reads addresses and CIDR ranges (IPv4 and IPv6) into a list that also matches IPv4-mapped IPv6
 * addresses (`::ffff:203.0.113.9`) against IPv4 entries. The first unusable entry is reported.
 */
export function parseAddressList(key: string, entries: readonly string[]): AddressListResult {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.trim().split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || rest.length > 0 || !Number.isInteger(bits) || bits < 0 || bits > maxBits) {
      return { ok: false, problem: { key, value: entry, expected: EXPECTED } };
    }
    list.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
  }
  return { ok: true, list };
}

/** True when `address` (IPv4, IPv6 or IPv4-mapped IPv6) falls in the list. */
export function listContains(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
