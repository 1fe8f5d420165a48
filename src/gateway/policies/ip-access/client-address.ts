import type { BlockList } from 'node:net';
import { isIP } from 'node:net';

import { listContains } from './address-list.js';

/**
 * The address of the client behind a request. `X-Forwarded-For` counts only when the peer is a
 * trusted proxy; then the client is the rightmost listed address that is not itself a trusted
 * proxy, so a client cannot forge its way in by prepending addresses. From anyone else the
 * header is ignored and the peer is the client.
 */
export function resolveClientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trustedProxies: BlockList,
): string {
  const direct = unmapped(peer);
  if (!forwardedFor || !listContains(trustedProxies, direct)) return direct;
  const hops = forwardedFor.split(',').map((hop) => unmapped(hop.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) return direct;
    if (!listContains(trustedProxies, hop)) return hop;
  }
  return hops[0] ?? direct;
}

/** `::ffff:203.0.113.9` → `203.0.113.9`; other addresses are returned as they are. */
export function unmapped(address: string): string {
  const match = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return match ? match[1]! : address;
}
