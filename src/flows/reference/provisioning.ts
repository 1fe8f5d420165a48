import { randomUUID } from 'node:crypto';

import { buildCanonicalEvent } from '../../apis/canonical/events/canonical-event.js';
import type { Schemas } from '../../apis/canonical/v1/schemas.js';
import { newId } from '../../apis/resource.js';
import type { Consumer } from '../../events/bus.js';
import { eventTypeOf } from '../../events/canonical-event-types.js';
import type { CloudEvent } from '../../events/envelope.js';
import type { Logger } from '../../observability/logger.js';
import type { Store, StoredRecord } from '../../store/index.js';
import { runSaga, type SagaStep, type SagaStepContext } from '../saga.js';
import { createCanonicalWrites, type CanonicalWrites } from './canonical-writes.js';
import { claimFlowKey, finishFlowKey, getFlowKey } from './flow-keys.js';

/** The flow's name in the flow-run log and in `flow_keys`. */
export const PROVISIONING_FLOW = 'provisioning';

const SOURCE = '/junction/flows/provisioning';

type Subscription = Schemas['Subscription'];

/** What the flow needs. */
export interface ProvisioningDeps {
  store: Store;
  logger?: Logger;
}

/** How one provisioning request ended. */
export type ProvisioningOutcome =
  | { kind: 'provisioned'; runId: string; licenseId: string }
  | { kind: 'already-provisioned'; runId: string }
  | { kind: 'failed'; runId: string; reason: string };

/** The key of one version of a subscription: a repeat of it provisions nothing new. */
export function provisioningKey(
  subscription: Pick<Subscription, 'subscriptionNumber' | 'version'>,
) {
  return `${subscription.subscriptionNumber}:v${subscription.version}`;
}

/**
 * F4: provisions what a subscription version entitles: a namespace plan for SaaS (the
 * subscription names a namespace), a license file for self-managed. Licences of earlier
 * versions are revoked. Keyed by subscription number and version, so a repeated event, or the
 * reconciliation after it, provisions nothing new.
 */
export async function runProvisioning(
  deps: ProvisioningDeps,
  subscription: Subscription,
  correlationId: string,
  causationId?: string,
): Promise<ProvisioningOutcome> {
  const key = provisioningKey(subscription);
  const runId = randomUUID();
  const held = await claimFlowKey(deps.store, PROVISIONING_FLOW, key, runId);
  if (held !== undefined) {
    if (held.status === 'completed') return { kind: 'already-provisioned', runId: held.runId };
    return { kind: 'failed', runId: held.runId, reason: `run ${held.runId} still holds ${key}` };
  }

  const writes = createCanonicalWrites();
  const result = await runSaga(
    deps.store,
    { name: PROVISIONING_FLOW, steps: provisioningSteps(writes) },
    subscription,
    {
      correlationId,
      ...(causationId === undefined ? {} : { causationId }),
      runId,
      outbox: writes.outbox,
      ...(deps.logger === undefined ? {} : { logger: deps.logger }),
    },
  );
  const status = result.status;
  await finishFlowKey(deps.store, PROVISIONING_FLOW, key, { runId, status });
  if (status !== 'completed') {
    return { kind: 'failed', runId, reason: result.error?.message ?? 'unknown failure' };
  }
  const issued = result.results['issue-license'] as { licenseId: string };
  return { kind: 'provisioned', runId, licenseId: issued.licenseId };
}

/** The bus consumer of F4: `subscription.created` and `subscription.amended`. */
export function provisioningConsumer(deps: ProvisioningDeps): Consumer {
  return {
    name: `reference.${PROVISIONING_FLOW}`,
    types: [eventTypeOf('subscription.created'), eventTypeOf('subscription.amended')],
    async handle(event) {
      const subscription = (event as CloudEvent<Subscription>).data;
      const outcome = await runProvisioning(deps, subscription, event.correlationid, event.id);
      if (outcome.kind === 'failed') throw new Error(outcome.reason);
    },
  };
}

/**
 * The reconciliation fallback for missed events: provisions every active subscription version
 * that has no completed provisioning run yet. Returns the outcomes of the runs it started.
 */
export async function reconcileProvisioning(
  deps: ProvisioningDeps,
): Promise<ProvisioningOutcome[]> {
  const outcomes: ProvisioningOutcome[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store
      .records('canonical_subscriptions')
      .list({ limit: 100, cursor, filters: { status: 'active' } });
    for (const record of page.items) {
      const subscription = record as unknown as Subscription;
      const done = await getFlowKey(deps.store, PROVISIONING_FLOW, provisioningKey(subscription));
      if (done?.status === 'completed') continue;
      outcomes.push(await runProvisioning(deps, subscription, `reconcile-${randomUUID()}`));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return outcomes;
}

type Context = SagaStepContext<Subscription>;

interface Entitlement {
  kind: 'namespace-plan' | 'license-file';
  planCode: string;
  seats: number;
  startsAt: string;
  expiresAt: string;
  namespaceId?: string;
}

/** The steps of F4, writing canonical changes through `writes`; recovery compensates with them. */
export function provisioningSteps(writes: CanonicalWrites): SagaStep<Subscription>[] {
  return [
    { name: 'resolve-entitlement', system: 'junction', run: resolveEntitlement },
    {
      name: 'revoke-earlier-licenses',
      system: 'fulfillment',
      run: (context) => revokeEarlierLicenses(context, writes),
    },
    {
      name: 'issue-license',
      system: 'fulfillment',
      run: (context) => issueLicense(context, writes),
    },
  ];
}

async function resolveEntitlement(context: Context): Promise<Entitlement> {
  const subscription = context.input;
  const firstLine = subscription.lines[0];
  if (firstLine === undefined)
    throw new Error(`expected ${subscription.subscriptionNumber} to have a line`);
  const plan = await context.store.records('canonical_plans').get(firstLine.planId);
  if (plan === undefined) throw new Error(`expected plan ${firstLine.planId} in the catalogue`);
  const seats = subscription.lines.reduce((sum, line) => sum + line.quantity, 0);
  const startsAt = `${subscription.termStart}T00:00:00Z`;
  const expiresAt =
    subscription.termEnd === undefined
      ? oneYearAfter(startsAt)
      : `${subscription.termEnd}T23:59:59Z`;
  const common = { planCode: String(plan.planCode), seats, startsAt, expiresAt };
  if (subscription.namespaceRef !== undefined) {
    return { kind: 'namespace-plan', ...common, namespaceId: subscription.namespaceRef };
  }
  return { kind: 'license-file', ...common };
}

function oneYearAfter(timestamp: string): string {
  const date = new Date(timestamp);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return date.toISOString().replace('.000Z', 'Z');
}

async function revokeEarlierLicenses(context: Context, writes: CanonicalWrites) {
  const page = await context.store.records('canonical_licenses').list({
    limit: 100,
    filters: { subscriptionNumber: context.input.subscriptionNumber },
  });
  const live = page.items.filter(
    (license) => license.status === 'issued' || license.status === 'active',
  );
  for (const license of live) {
    const revoked: StoredRecord = {
      ...license,
      status: 'revoked',
      updatedAt: new Date().toISOString(),
    };
    const event = buildCanonicalEvent(revoked, {
      event: 'license.revoked',
      source: SOURCE,
      correlationId: context.correlationId,
    });
    writes.stage(context, event, async (tx) => {
      await tx.records('canonical_licenses').replace(revoked);
    });
  }
  return { revoked: live.map((license) => license.id) };
}

function issueLicense(context: Context, writes: CanonicalWrites) {
  const entitlement = context.results['resolve-entitlement'] as Entitlement;
  const now = new Date().toISOString();
  const license: Schemas['License'] = {
    id: newId(),
    subscriptionNumber: context.input.subscriptionNumber,
    ...entitlement,
    trueUpSeats: 0,
    trial: false,
    status: 'issued',
    externalRefs: [],
    createdAt: now,
    updatedAt: now,
  };
  const event = buildCanonicalEvent(license, {
    event: 'license.issued',
    source: SOURCE,
    correlationId: context.correlationId,
  });
  writes.stage(context, event, (tx) => tx.records('canonical_licenses').insert(license));
  return Promise.resolve({ licenseId: license.id, kind: entitlement.kind });
}
