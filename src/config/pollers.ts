import { Cron } from 'croner';

import { ConfigError } from './index.js';

/** How a poller waits after failed polls: doubling from `initialMs`, never longer than `maxMs`. */
export interface PollerBackoffConfig {
  initialMs: number;
  maxMs: number;
}

/** One poller of the `pollers` section of `junction.config.yaml`, defaults applied. */
export interface PollerConfig {
  /** The system spec's API id and the operation its generated client calls. */
  source: { system: string; operation: string };
  /** When to poll: a cron expression of 5 fields, or 6 with seconds first. */
  schedule: string;
  /** The item field whose value the checkpoint keeps, such as `lastModifiedDate`. */
  watermark: string;
  /** The item field that orders items of equal watermark and identifies them; `id` by default. */
  idField: string;
  /** Items asked for per call; 100 by default. */
  pageSize: number;
  /** The name of the handler, registered in code, that each new item is given to. */
  handler: string;
  /** False to declare a poller without running it; true by default. */
  enabled: boolean;
  backoff: PollerBackoffConfig;
}

const NAME = '^[a-z][a-z0-9-]{0,62}$';

/** The JSON schema of the `pollers` section: pollers by name. */
export const POLLERS_SCHEMA = {
  type: 'object',
  propertyNames: { pattern: NAME },
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'schedule', 'watermark', 'handler'],
    properties: {
      source: {
        type: 'object',
        additionalProperties: false,
        required: ['system', 'operation'],
        properties: {
          system: { type: 'string', pattern: NAME },
          operation: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]{0,99}$' },
        },
      },
      schedule: { type: 'string', minLength: 1, maxLength: 200 },
      watermark: { type: 'string', minLength: 1, maxLength: 100 },
      idField: { type: 'string', minLength: 1, maxLength: 100 },
      pageSize: { type: 'integer', minimum: 1, maximum: 1000 },
      handler: { type: 'string', pattern: NAME },
      enabled: { type: 'boolean' },
      backoff: {
        type: 'object',
        additionalProperties: false,
        properties: {
          initialMs: { type: 'integer', minimum: 1, maximum: 86_400_000 },
          maxMs: { type: 'integer', minimum: 1, maximum: 86_400_000 },
        },
      },
    },
  },
} as const;

type PollerDeclaration = Partial<Omit<PollerConfig, 'backoff'>> &
  Pick<PollerConfig, 'source' | 'schedule' | 'watermark' | 'handler'> & {
    backoff?: Partial<PollerBackoffConfig>;
  };

/**
 * The pollers of a schema-valid `pollers` section, with defaults applied. A schedule croner cannot
 * parse throws a `ConfigError` naming the file, the key and the value.
 */
export function readPollers(
  path: string,
  section: Readonly<Record<string, PollerDeclaration>> | undefined,
): Record<string, PollerConfig> {
  const pollers: Record<string, PollerConfig> = {};
  for (const [name, declared] of Object.entries(section ?? {})) {
    checkSchedule(`${path}: pollers.${name}.schedule`, declared.schedule);
    pollers[name] = {
      ...declared,
      idField: declared.idField ?? 'id',
      pageSize: declared.pageSize ?? 100,
      enabled: declared.enabled ?? true,
      backoff: { initialMs: 1_000, maxMs: 900_000, ...declared.backoff },
    };
  }
  return pollers;
}

/** Throws a `ConfigError` naming `key` unless croner can parse `schedule`. */
export function checkSchedule(key: string, schedule: string): void {
  try {
    new Cron(schedule, { paused: true }).stop();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError(
      key,
      schedule,
      `a cron expression of 5 fields (minute hour day month weekday), or 6 with seconds first (${reason})`,
    );
  }
}
