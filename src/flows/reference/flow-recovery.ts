import { randomUUID } from 'node:crypto';

import type { Logger } from '../../observability/logger.js';
import type { Store } from '../../store/index.js';
import { acquireLease, releaseLease } from '../../store/leases.js';
import { recoverStaleFlowRuns } from '../saga-recovery.js';
import type { SagaDefinition, SagaResult } from '../saga.js';
import { createCanonicalWrites } from './canonical-writes.js';
import { CRM_LINK_FLOW, crmLinkSteps } from './crm-link.js';
import type { ErpLedger } from './journal-entry-check.js';
import { JOURNAL_TRANSFER_FLOW, journalTransferSteps } from './journal-transfer.js';
import { PROVISIONING_FLOW, provisioningSteps } from './provisioning.js';
import type { ReferenceSystems } from './systems.js';
import { WEB_PURCHASE_FLOW, webPurchaseSteps } from './web-purchase.js';

/** A run whose heartbeat is older than this is taken for abandoned by a process that died. */
export const STALE_AFTER_MS = 60_000;

const LEASE = 'flow-run-recovery';

/** What recovery needs to rebuild the reference flows' steps. */
export interface RecoveryDeps {
  store: Store;
  systems: ReferenceSystems;
  /** F6's ledger; without it, runs of F6 are left alone. */
  ledger?: ErpLedger | undefined;
  logger?: Logger;
}

/**
 * Recovers the reference flows' runs that a crashed process left running: each is compensated
 * as the flow itself would have, and ends `compensated` or `failed` (saga-recovery.ts). Runs
 * only while this process holds the recovery lease, so two processes never recover one run.
 * Resolves the runs it recovered; none when another process holds the lease.
 */
export async function recoverReferenceFlows(
  deps: RecoveryDeps,
  holder: string,
  now: number = Date.now(),
): Promise<SagaResult[]> {
  if (!(await acquireLease(deps.store, LEASE, holder, 5 * STALE_AFTER_MS, now))) return [];
  try {
    const writes = createCanonicalWrites();
    // Each flow has its own input type; recovery hands each run the input it was started with.
    const definitions: SagaDefinition<never>[] = [
      { name: WEB_PURCHASE_FLOW, steps: webPurchaseSteps(deps, writes) },
      { name: CRM_LINK_FLOW, steps: crmLinkSteps(deps, writes) },
      { name: PROVISIONING_FLOW, steps: provisioningSteps(writes) },
      ...journalTransferDefinitions(deps),
    ] as SagaDefinition<never>[];
    const staleBefore = new Date(now - STALE_AFTER_MS).toISOString();
    return await recoverStaleFlowRuns(deps.store, definitions, {
      staleBefore,
      outbox: writes.outbox,
      ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    });
  } finally {
    await releaseLease(deps.store, LEASE, holder);
  }
}

/** F6's definition when it has a ledger; its steps read the ledger, though recovery runs none. */
function journalTransferDefinitions(deps: RecoveryDeps): SagaDefinition<never>[] {
  const { ledger } = deps;
  if (ledger === undefined) return [];
  return [{ name: JOURNAL_TRANSFER_FLOW, steps: journalTransferSteps({ ...deps, ledger }) }];
}

/** Recovers every `intervalMs`, and once at once; `stop` waits for a pass in progress. */
export function startFlowRecovery(
  deps: RecoveryDeps,
  intervalMs: number = STALE_AFTER_MS,
): { stop(): Promise<void> } {
  const holder = randomUUID();
  let pass: Promise<unknown> = Promise.resolve();
  const run = () => {
    pass = recoverReferenceFlows(deps, holder).then(
      (recovered) => {
        if (recovered.length > 0)
          deps.logger?.info({ runs: recovered.length }, 'flow runs recovered');
      },
      (err: unknown) => deps.logger?.error({ err }, 'flow run recovery failed'),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}
