import { loadFileConfig } from '../../config/file.js';
import { loadConfig } from '../../config/index.js';
import type { RuntimeComponent } from '../../runtime/components.js';
import type { Subscription } from '../bus.js';
import { handleOnce } from '../inbox.js';
import { billingSystemAccess } from './billing-callout.js';
import { enqueueDeliveries, WEBHOOKS_CONSUMER } from './deliveries.js';
import { startDeliveryWorker } from './delivery-worker.js';
import { mountInboundWebhooks, type InboundSource } from './inbound.js';
import { loadDeliverySettings } from './settings.js';

/**
 * The webhooks component: queues a delivery for every event a webhook subscribes to (the bus
 * consumer `webhooks`, once per event through the inbox), runs the delivery worker, and serves
 * inbound webhooks at `POST /webhooks/inbound/:source` for the sources `junction.config.yaml`
 * configures. Starts after `events`, whose bus it consumes.
 */
export const webhooksComponent: RuntimeComponent = {
  name: 'webhooks',
  async start({ store, logger, env, projectDir, services }) {
    const settings = loadDeliverySettings(env);
    const sources = inboundSources(projectDir, env);
    const journalTransfer = loadFileConfig(projectDir, env).referenceFlows.journalTransfer;
    const worker = startDeliveryWorker(store, settings, logger);
    let subscription: Subscription | undefined;
    if (services.bus) {
      subscription = await services.bus.subscribe({
        name: WEBHOOKS_CONSUMER,
        types: [],
        async handle(event) {
          await handleOnce(store, WEBHOOKS_CONSUMER, event.id, async (tx) => {
            await enqueueDeliveries(tx, event);
          });
          worker.wake();
        },
      });
    } else {
      logger.warn('no event bus: events are not queued for webhooks');
    }
    const bodyLimitBytes = loadConfig(env).bodyLimitBytes;
    return {
      routes: (app) =>
        mountInboundWebhooks(app, {
          store,
          sources,
          billing: { ...billingSystemAccess(env), journalTransfer: journalTransfer !== undefined },
          bodyLimitBytes,
        }),
      async stop() {
        await subscription?.stop();
        await worker.stop();
      },
    };
  },
};

function inboundSources(projectDir: string, env: NodeJS.ProcessEnv): Map<string, InboundSource> {
  const configured = loadFileConfig(projectDir, env).webhooks.inbound;
  return new Map(
    Object.entries(configured).map(([name, source]) => [
      name,
      { name, ...source, secret: env[source.secretEnv] || undefined },
    ]),
  );
}
