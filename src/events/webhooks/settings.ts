import { ConfigError } from '../../config/index.js';
import { DEFAULT_RETRY_SCHEDULE_MS, parseRetrySchedule } from './retry-schedule.js';

/** How outbound webhooks are delivered. */
export interface DeliverySettings {
  /** The cap of each retry after the first attempt; the delivery is dead-lettered after the last. */
  retryScheduleMs: readonly number[];
  /** How long one attempt may take before it counts as failed. */
  timeoutMs: number;
  /** How often the worker looks for due deliveries when it has nothing to do. */
  pollIntervalMs: number;
  /** How many deliveries one worker sends at a time. */
  batchSize: number;
}

/**
 * Reads the delivery settings from the environment: `JUNCTION_WEBHOOK_RETRY_SCHEDULE`
 * (`5s,5m,30m,2h,5h,10h,10h` by default), `JUNCTION_WEBHOOK_TIMEOUT_MS` (10000) and
 * `JUNCTION_WEBHOOK_POLL_MS` (1000). An invalid value throws a `ConfigError` naming it.
 */
export function loadDeliverySettings(env: NodeJS.ProcessEnv): DeliverySettings {
  return {
    retryScheduleMs: schedule(env.JUNCTION_WEBHOOK_RETRY_SCHEDULE),
    timeoutMs: milliseconds(env, 'JUNCTION_WEBHOOK_TIMEOUT_MS', 10_000),
    pollIntervalMs: milliseconds(env, 'JUNCTION_WEBHOOK_POLL_MS', 1_000),
    batchSize: 10,
  };
}

function schedule(text: string | undefined): readonly number[] {
  if (text === undefined || text === '') return DEFAULT_RETRY_SCHEDULE_MS;
  const parsed = parseRetrySchedule(text);
  if (typeof parsed === 'string') {
    throw new ConfigError(
      'JUNCTION_WEBHOOK_RETRY_SCHEDULE',
      text,
      parsed.replace(/^expected /, ''),
    );
  }
  return parsed;
}

function milliseconds(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const text = env[key];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 600_000) {
    throw new ConfigError(key, text, 'a whole number of milliseconds from 1 to 600000');
  }
  return value;
}
