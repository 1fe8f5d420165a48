import { Redis } from 'ioredis';
import { describe, it } from 'vitest';

import { REDIS_KEY_PREFIX } from '../src/gateway/policies/rate-limit/index.js';

/** The services integration tests reach through a URL in the environment. */
export type ServiceVariable = 'DATABASE_URL' | 'REDIS_URL' | 'NATS_URL';

const EXPECTED: Record<ServiceVariable, string> = {
  DATABASE_URL: 'a PostgreSQL admin URL',
  REDIS_URL: 'a Redis URL',
  NATS_URL: 'a NATS URL with JetStream enabled',
};

/**
 * Declares `suite` for the service whose URL `variable` holds. Without the URL, CI gets one
 * failing test that names the missing variable, so a suite cannot silently not run there; a
 * laptop gets the suite skipped with the variable to set in its title.
 */
export function withService(
  variable: ServiceVariable,
  title: string,
  suite: (url: string) => void,
): void {
  const url = process.env[variable] ?? '';
  if (url !== '') {
    suite(url);
  } else if (process.env.CI !== undefined) {
    describe(title, () => {
      it(`requires ${variable} when CI is set`, () => {
        throw new Error(`expected ${variable} in CI, got none; set it to ${EXPECTED[variable]}`);
      });
    });
  } else {
    describe.skip(`${title} (set ${variable} to run)`, () => {
      it('needs the service', () => undefined);
    });
  }
}

/**
 * Deletes the rate-limit counters whose keys start with `declaration` (`canonical-v1 ...@`) from
 * the Redis at REDIS_URL, so a quota test starts full however recently it last ran. A no-op
 * without Redis: counters in memory die with the app.
 */
export async function forgetQuotas(declaration: string): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) return;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const keys = await redis.keys(`${REDIS_KEY_PREFIX}${declaration}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
