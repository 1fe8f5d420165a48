import { MapperError } from './mapper-error.js';
import type { Canonical, Fulfillment } from './types.js';

type Subscription = Canonical['Subscription'];
type PlanCode = Fulfillment['PlanCode'];

/** What provisioning needs to know of a subscription: the tier its plans unlock. */
export interface ProvisioningContext {
  planCode: PlanCode;
}

/**
 * What a canonical subscription provisions: SaaS (a subscription with a namespace) is a
 * namespace plan, self-managed is a license. Seats are the lines' quantities together; the
 * term must have an end.
 */
export function toProvisioning(
  subscription: Subscription,
  context: ProvisioningContext,
):
  | { kind: 'namespace-plan'; create: Fulfillment['NamespacePlanCreate'] }
  | { kind: 'license'; create: Fulfillment['LicenseCreate'] } {
  const termEnd = requireTermEnd(subscription);
  const seats = subscription.lines.reduce((sum, line) => sum + line.quantity, 0);
  if (subscription.namespaceRef !== undefined) {
    return {
      kind: 'namespace-plan',
      create: {
        namespaceId: subscription.namespaceRef,
        zuoraSubscriptionName: subscription.subscriptionNumber,
        planCode: context.planCode,
        seats,
        startsAt: subscription.termStart,
        endsAt: termEnd,
      },
    };
  }
  return {
    kind: 'license',
    create: {
      zuoraSubscriptionName: subscription.subscriptionNumber,
      planCode: context.planCode,
      usersCount: seats,
      startsAt: subscription.termStart,
      expiresAt: dayAfter(termEnd),
      ...(subscription.instanceRef === undefined ? {} : { instanceId: subscription.instanceRef }),
    },
  };
}

/**
 * A fulfillment license as the canonical license it records: a cloud activation when it has an
 * activation code, else a license file; its dates are midnight UTC.
 */
export function fromFulfillmentLicense(
  license: Fulfillment['License'],
): Canonical['LicenseCreate'] {
  return {
    subscriptionNumber: license.zuoraSubscriptionName,
    kind: license.cloudActivationCode === undefined ? 'license-file' : 'cloud-activation',
    planCode: license.planCode,
    seats: license.usersCount,
    trueUpSeats: license.trueupQuantity,
    startsAt: `${license.startsAt}T00:00:00Z`,
    expiresAt: `${license.expiresAt}T00:00:00Z`,
    trial: license.trial,
    ...(license.cloudActivationCode === undefined
      ? {}
      : { activationCode: license.cloudActivationCode }),
    ...(license.instanceId === undefined ? {} : { instanceId: license.instanceId }),
    status: license.status,
    externalRefs: [{ system: 'fulfillment', type: 'License', id: license.licenseId }],
  };
}

/** A fulfillment namespace plan as the canonical license it records. */
export function fromNamespacePlan(plan: Fulfillment['NamespacePlan']): Canonical['LicenseCreate'] {
  return {
    subscriptionNumber: plan.zuoraSubscriptionName,
    kind: 'namespace-plan',
    planCode: plan.planCode,
    seats: plan.seats,
    startsAt: `${plan.startsAt}T00:00:00Z`,
    expiresAt: `${dayAfter(plan.endsAt)}T00:00:00Z`,
    trial: plan.trial,
    namespaceId: plan.namespaceId,
    status: plan.status === 'active' ? 'active' : 'expired',
    externalRefs: [{ system: 'fulfillment', type: 'NamespacePlan', id: plan.namespacePlanId }],
  };
}

function requireTermEnd(subscription: Subscription): string {
  if (subscription.termEnd !== undefined) return subscription.termEnd;
  throw new MapperError(
    'toProvisioning',
    `expected subscription ${subscription.subscriptionNumber} to have a term end, got an evergreen term; provision it per renewal`,
  );
}

/** The calendar day after a `YYYY-MM-DD` date: a term that ends on the 14th expires on the 15th. */
function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
