import { randomBytes } from 'node:crypto';

/** The kinds of platform record whose id Junction assigns, by id prefix. */
export type IdPrefix = 'cli' | 'crd' | 'sub' | 'adk';

/** A new id: the prefix, `_`, and 16 random bytes in base64url (22 characters). */
export function platformId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
