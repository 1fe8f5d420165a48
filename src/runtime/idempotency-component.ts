import { randomUUID } from 'node:crypto';

import { ConfigError } from '../config/index.js';
import { acquireLease } from '../store/leases.js';
import type { RuntimeComponent } from './components.js';
import { DEFAULT_RETENTION_MS, purgeExpiredIdempotencyKeys } from './idempotency.js';

const RETENTION_VARIABLE = 'JUNCTION_IDEMPOTENCY_RETENTION_SECONDS';
const MAX_RETENTION_SECONDS = 30 * 24 * 60 * 60;
const PURGE_EVERY_MS = 10 * 60 * 1000;
const PURGE_LEASE = 'idempotency-purge';

/**
 * The retention of Idempotency-Key responses from `JUNCTION_IDEMPOTENCY_RETENTION_SECONDS`, 24
 * hours when unset; a value that is not a whole number of seconds up to 30 days throws.
 */
export function idempotencyRetentionMs(env: NodeJS.ProcessEnv): number {
  const raw = env[RETENTION_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_RETENTION_MS;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_RETENTION_SECONDS) {
    throw new ConfigError(RETENTION_VARIABLE, raw, `an integer from 1 to ${MAX_RETENTION_SECONDS}`);
  }
  return seconds * 1000;
}

/**
 * The `idempotency` runtime component: provides the retention to the API routers and deletes
 * expired keys every ten minutes, in one process at a time.
 */
export const idempotencyComponent: RuntimeComponent = {
  name: 'idempotency',
  start(context) {
    const retentionMs = idempotencyRetentionMs(context.env);
    const holder = randomUUID();
    const purge = async () => {
      if (!(await acquireLease(context.store, PURGE_LEASE, holder, PURGE_EVERY_MS / 2))) return;
      const deleted = await purgeExpiredIdempotencyKeys(context.store);
      context.logger.debug({ deleted }, 'expired idempotency keys deleted');
    };
    const timer = setInterval(() => {
      purge().catch((err: unknown) => {
        context.logger.warn({ err }, 'deleting expired idempotency keys failed');
      });
    }, PURGE_EVERY_MS);
    timer.unref();
    return Promise.resolve({
      services: { idempotency: { retentionMs } },
      stop: () => {
        clearInterval(timer);
        return Promise.resolve();
      },
    });
  },
};
