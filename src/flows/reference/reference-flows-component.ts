import { loadFileConfig, type ReferenceFlowsFileConfig } from '../../config/file.js';
import type { Subscription } from '../../events/bus.js';
import type { Logger } from '../../observability/logger.js';
import type { RuntimeComponent } from '../../runtime/components.js';
import type { Store } from '../../store/index.js';
import { crmLinkConsumer } from './crm-link.js';
import { startFlowRecovery } from './flow-recovery.js';
import { journalTransferConsumer } from './journal-transfer-consumer.js';
import {
  startProvisioningReconciliation,
  type RunningReconciliation,
  type Scheduler,
} from './provisioning-reconciliation.js';
import { provisioningConsumer } from './provisioning.js';
import { systemsFromEnv } from './systems.js';

/** What a test may replace in the component. */
export interface ReferenceFlowsOptions {
  /** Schedules F4's reconciliation; croner by default. */
  scheduler?: Scheduler;
}

/**
 * Runs the event-driven reference flows: F2 (CRM link and opportunity) and F4 (provisioning)
 * consume `subscription.created` from the bus, and F6 (journal transfer) the journal runs the
 * inbound billing webhook queues, when `junction.config.yaml` gives it the ERP ledger. Schedules
 * F4's reconciliation, provides the system clients F1's storefront handler uses, and recovers
 * runs a crashed process left running. Starts after the `events` component, whose bus it needs.
 */
export function createReferenceFlowsComponent(
  options: ReferenceFlowsOptions = {},
): RuntimeComponent {
  return {
    name: 'reference-flows',
    async start({ store, logger, env, projectDir, services }) {
      const config = loadFileConfig(projectDir, env).referenceFlows;
      const ledger = config.journalTransfer?.ledger;
      const systems = systemsFromEnv(env);
      const deps = { store, systems, logger };
      if (ledger === undefined) {
        logger.warn(
          { missing: 'referenceFlows.journalTransfer.ledger' },
          'journal transfer (F6) is off: journal run callouts are refused',
        );
      }
      const subscriptions: Subscription[] = [];
      if (services.bus === undefined) {
        logger.warn(
          'no event bus: the crm-link, provisioning and journal-transfer flows do not run',
        );
      } else {
        subscriptions.push(await services.bus.subscribe(crmLinkConsumer(deps)));
        subscriptions.push(await services.bus.subscribe(provisioningConsumer(deps)));
        subscriptions.push(
          await services.bus.subscribe(journalTransferConsumer({ ...deps, ledger })),
        );
      }
      const recovery = startFlowRecovery({ ...deps, ledger });
      const reconciliation = scheduleReconciliation(config, { store, logger }, options);
      return {
        services: { referenceSystems: systems },
        async stop() {
          for (const subscription of subscriptions) await subscription.stop();
          await reconciliation?.stop();
          await recovery.stop();
        },
      };
    },
  };
}

/** The `reference-flows` component with croner scheduling F4's reconciliation. */
export const referenceFlowsComponent = createReferenceFlowsComponent();

function scheduleReconciliation(
  config: ReferenceFlowsFileConfig,
  context: { store: Store; logger: Logger },
  options: ReferenceFlowsOptions,
): RunningReconciliation | undefined {
  const { schedule, enabled } = config.provisioningReconciliation;
  if (!enabled) {
    context.logger.info('provisioning reconciliation (F4) is off');
    return undefined;
  }
  context.logger.info({ schedule }, 'provisioning reconciliation (F4) scheduled');
  return startProvisioningReconciliation({
    ...context,
    schedule,
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
  });
}
