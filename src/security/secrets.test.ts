import { describe, expect, it } from 'vitest';

import {
  constantTimeEqual,
  digestKey,
  generateSecret,
  hashSecret,
  verifyDecoy,
  verifySecret,
} from './secrets.js';

describe('client secrets', () => {
  it('stores a secret only as an Argon2id hash that verifies it and nothing else', async () => {
    const secret = generateSecret();
    const stored = await hashSecret(secret);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain(secret);
    expect(await verifySecret(stored, secret)).toBe(true);
    expect(await verifySecret(stored, `${secret}x`)).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch, not an error', async () => {
    expect(await verifySecret('not-a-phc-string', 'anything')).toBe(false);
  });

  it('answers false for an unknown client after spending a verification', async () => {
    expect(await verifyDecoy('whatever')).toBe(false);
  });

  it('makes 43-character base64url secrets that do not repeat', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('digests keys and compares strings of different lengths without throwing', () => {
    expect(digestKey('jak_a')).toHaveLength(64);
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
