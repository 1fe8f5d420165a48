import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id with the OWASP baseline: 19 MiB of memory, two passes, one lane. About 30 ms on one
 * core here, which bounds an online guessing attack without making an honest login slow.
 */
const ARGON2ID = {
  algorithm: 2 /* Argon2id */ as const,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** A new client secret: 32 random bytes, base64url, 43 characters. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The Argon2id hash of a secret in PHC string form; the only form a secret is stored in. */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, ARGON2ID);
}

/** True when `secret` matches the stored Argon2id hash; a malformed hash is a mismatch. */
export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret);
  } catch {
    return false;
  }
}

let decoy: Promise<string> | undefined;

/**
 * Spends the time of one verification without a stored hash, so that an unknown client id
 * costs what a wrong secret costs and the two cannot be told apart by timing.
 */
export async function verifyDecoy(secret: string): Promise<false> {
  decoy ??= hashSecret(generateSecret());
  await verifySecret(await decoy, secret);
  return false;
}

/** SHA-256 of a high-entropy key, hex; right for random keys, wrong for human passwords. */
export function digestKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Compares two strings in time that depends only on their lengths. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
