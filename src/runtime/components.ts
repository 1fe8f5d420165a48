import type { Express } from 'express';

import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/index.js';
import type { RuntimeServices } from './services.js';

/** What a runtime component is started with. */
export interface ComponentContext {
  store: Store;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  projectDir: string;
  /** The services of the components started before this one; this one may add its own. */
  services: RuntimeServices;
}

/** A started component: how to stop it, and what it adds to the process. */
export interface StartedComponent {
  /** Stops its background work; called in reverse start order, before the store closes. */
  stop(): Promise<void>;
  /** Services it provides to handlers and to the components started after it. */
  services?: RuntimeServices;
  /** HTTP routes of its own, mounted before the APIs (an inbound webhook endpoint, say). */
  routes?(app: Express): void;
}

/**
 * A part of the integration runtime that runs beside the HTTP APIs: the outbox relay, webhook
 * delivery, pollers, the job runner. Started in list order after the store opens.
 */
export interface RuntimeComponent {
  name: string;
  start(context: ComponentContext): Promise<StartedComponent>;
}

/** The running components of one process. */
export interface StartedComponents {
  services: RuntimeServices;
  routes(app: Express): void;
  stop(): Promise<void>;
}

/**
 * Starts `components` in order, each seeing the services of those before it. When one fails to
 * start, the ones already started are stopped and the error is thrown.
 */
export async function startComponents(
  components: readonly RuntimeComponent[],
  context: Omit<ComponentContext, 'services'>,
): Promise<StartedComponents> {
  const services: RuntimeServices = {};
  const started: { name: string; component: StartedComponent }[] = [];
  const stopAll = async () => {
    for (const { name, component } of started.reverse()) {
      await component.stop().catch((err: unknown) => {
        context.logger.error({ err, component: name }, 'component failed to stop');
      });
    }
  };
  for (const component of components) {
    const logger = context.logger.child({ component: component.name });
    try {
      const running = await component.start({ ...context, logger, services });
      Object.assign(services, running.services);
      started.push({ name: component.name, component: running });
    } catch (err) {
      await stopAll();
      // The reason goes into the message: start-up failures are printed as one line.
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(`runtime component "${component.name}" failed to start: ${reason}`, {
        cause: err,
      });
    }
  }
  return {
    services,
    routes: (app) => {
      for (const { component } of started) component.routes?.(app);
    },
    stop: stopAll,
  };
}
