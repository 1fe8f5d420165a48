import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { Cron } from 'croner';

import { loadFileConfig } from '../../config/file.js';
import { ConfigError } from '../../config/index.js';
import type { PollerConfig } from '../../config/pollers.js';
import type { Logger } from '../../observability/logger.js';
import type { RuntimeComponent } from '../../runtime/components.js';
import type { Store } from '../../store/index.js';
import {
  POLL_FOLLOW_UPS,
  POLL_HANDLERS,
  type PollFollowUp,
  type PollItemHandler,
} from './handlers.js';
import { pollOnce, type Poller, type PollOutcome } from './poll-once.js';
import { POLL_SOURCES, type PollSource } from './sources.js';

/** The sources and handlers pollers may name; the built-in ones by default. */
export interface PollRegistry {
  sources: Readonly<Record<string, Readonly<Record<string, PollSource>>>>;
  handlers: Readonly<Record<string, PollItemHandler>>;
  /** The follow-ups of the handlers that have one, by handler name; none when absent. */
  followUps?: Readonly<Record<string, PollFollowUp>>;
}

/** The running pollers of one process. */
export interface RunningPollers {
  /** Polls `name` now, outside its schedule; resolves with how the poll ended. */
  pollNow(name: string): Promise<PollOutcome>;
  /** Stops the schedules and waits for polls in flight. */
  stop(): Promise<void>;
}

const BUILT_IN: PollRegistry = {
  sources: POLL_SOURCES,
  handlers: POLL_HANDLERS,
  followUps: POLL_FOLLOW_UPS,
};

/**
 * The runtime component `pollers`: runs every enabled poller of `junction.config.yaml` on its cron
 * schedule. A poller naming an unknown source or handler stops start-up with one line.
 */
export function createPollersComponent(registry: PollRegistry = BUILT_IN): RuntimeComponent {
  return {
    name: 'pollers',
    start(context) {
      const file = loadFileConfig(context.projectDir, context.env);
      const pollers = resolvePollers(file.path ?? 'junction.config.yaml', file.pollers, registry);
      const running = startPollers(pollers, context);
      return Promise.resolve({ stop: () => running.stop() });
    },
  };
}

/** The `pollers` component with the built-in sources and handlers. */
export const pollersComponent = createPollersComponent();

/**
 * Resolves each enabled poller's source, handler and the handler's follow-up; an unknown source or
 * handler throws a `ConfigError`.
 */
export function resolvePollers(
  path: string,
  pollers: Readonly<Record<string, PollerConfig>>,
  registry: PollRegistry,
): Poller[] {
  return Object.entries(pollers)
    .filter(([, config]) => config.enabled)
    .map(([name, config]) => {
      const { system, operation } = config.source;
      const source = registry.sources[system]?.[operation];
      if (source === undefined) {
        const known = Object.entries(registry.sources).flatMap(([id, operations]) =>
          Object.keys(operations).map((op) => `${id}.${op}`),
        );
        const key = `${path}: pollers.${name}.source`;
        throw new ConfigError(key, `${system}.${operation}`, `one of ${known.join(', ')}`);
      }
      const handler = registry.handlers[config.handler];
      if (handler === undefined) {
        const known = Object.keys(registry.handlers).join(', ');
        throw new ConfigError(
          `${path}: pollers.${name}.handler`,
          config.handler,
          `one of ${known}`,
        );
      }
      const followUp = registry.followUps?.[config.handler];
      return { name, config, source, handler, ...(followUp === undefined ? {} : { followUp }) };
    });
}

/**
 * Schedules each poller with croner. A tick while the previous poll of the same poller still
 * runs is skipped; which process polls is decided by the poller's lease.
 */
export function startPollers(
  pollers: readonly Poller[],
  context: { store: Store; logger: Logger; env: NodeJS.ProcessEnv },
): RunningPollers {
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  const inFlight = new Set<Promise<unknown>>();
  const run = (poller: Poller) => {
    const poll = pollOnce(poller, { ...context, holder }).finally(() => inFlight.delete(poll));
    inFlight.add(poll);
    return poll;
  };
  const jobs = pollers.map(
    (poller) =>
      new Cron(poller.config.schedule, { protect: true }, async () => {
        await run(poller).catch((err: unknown) => {
          context.logger.error({ err, poller: poller.name }, 'poll could not run');
        });
      }),
  );
  context.logger.info({ pollers: pollers.map((poller) => poller.name) }, 'pollers scheduled');
  return {
    pollNow(name) {
      const poller = pollers.find((candidate) => candidate.name === name);
      if (poller === undefined) return Promise.reject(new Error(`no poller is named "${name}"`));
      return run(poller);
    },
    async stop() {
      for (const job of jobs) job.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
