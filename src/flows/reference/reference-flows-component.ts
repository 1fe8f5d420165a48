import type { Subscription } from '../../events/bus.js';
import type { RuntimeComponent } from '../../runtime/components.js';
import { crmLinkConsumer } from './crm-link.js';
import { startFlowRecovery } from './flow-recovery.js';
import { provisioningConsumer } from './provisioning.js';
import { createReferenceSystems, systemUrlsFromEnv } from './systems.js';

/**
 * Runs the event-driven reference flows: F2 (CRM link and opportunity) and F4 (provisioning)
 * consume `subscription.created` from the bus. Provides the system clients F1's storefront
 * handler and F6's trigger use, and recovers runs a crashed process left running. Starts after
 * the `events` component, whose bus it needs.
 */
export const referenceFlowsComponent: RuntimeComponent = {
  name: 'reference-flows',
  async start({ store, logger, env, services }) {
    const systems = createReferenceSystems(systemUrlsFromEnv(env));
    const deps = { store, systems, logger };
    const subscriptions: Subscription[] = [];
    if (services.bus === undefined) {
      logger.warn('no event bus: the crm-link and provisioning flows do not run');
    } else {
      subscriptions.push(await services.bus.subscribe(crmLinkConsumer(deps)));
      subscriptions.push(await services.bus.subscribe(provisioningConsumer(deps)));
    }
    const recovery = startFlowRecovery(deps);
    return {
      services: { referenceSystems: systems },
      async stop() {
        for (const subscription of subscriptions) await subscription.stop();
        await recovery.stop();
      },
    };
  },
};
