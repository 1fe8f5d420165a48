import type { Handlers } from '../../../../generated/fulfillment-v1/handlers.js';
import {
  findProvisioningBlock,
  type KnownSubscriptionStatus,
} from '../../../domain/fulfillment/provisioning-rules.js';
import { toProblem } from '../../../runtime/errors.js';
import type { ApiContext } from '../../context.js';
import { createResource, getResource, listResource, updateResource } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { billingAccountLinks, licenses, namespacePlans, portalUsers } from './resources.js';

/** The fulfillment v1 API: portal users, billing-account links, licenses and namespace plans. */
export const handlers = {
  listPortalUsers: (request, context) => listResource(portalUsers, request.query, context),
  getPortalUser: (request, context) => getResource(portalUsers, request.params.userId, context),
  createPortalUser: (request, context) => createResource(portalUsers, request.body, context),
  updatePortalUser: (request, context) =>
    updateResource(portalUsers, request.params.userId, request.body, context),
  listBillingAccountLinks: (request, context) =>
    listResource(billingAccountLinks, request.query, context),
  getBillingAccountLink: (request, context) =>
    getResource(billingAccountLinks, request.params.linkId, context),
  createBillingAccountLink: (request, context) =>
    createResource(billingAccountLinks, request.body, context),
  updateBillingAccountLink: (request, context) =>
    updateResource(billingAccountLinks, request.params.linkId, request.body, context),
  listLicenses: (request, context) => listResource(licenses, request.query, context),
  getLicense: (request, context) => getResource(licenses, request.params.licenseId, context),
  createLicense: (request, context) => provision(licenses, request.body, context),
  updateLicense: (request, context) =>
    updateResource(licenses, request.params.licenseId, request.body, context),
  listNamespacePlans: (request, context) => listResource(namespacePlans, request.query, context),
  getNamespacePlan: (request, context) =>
    getResource(namespacePlans, request.params.namespacePlanId, context),
  createNamespacePlan: (request, context) => provision(namespacePlans, request.body, context),
  updateNamespacePlan: (request, context) =>
    updateResource(namespacePlans, request.params.namespacePlanId, request.body, context),
} satisfies Handlers<ApiContext>;

/** Creates a license or namespace plan, only for a subscription that is active. */
async function provision<Full, Create extends { zuoraSubscriptionName: string }>(
  spec: ResourceSpec<Full, Create>,
  body: Create,
  context: ApiContext,
) {
  const subscriptionNumber = body.zuoraSubscriptionName;
  const block = findProvisioningBlock(
    subscriptionNumber,
    await subscriptionStatus(subscriptionNumber, context),
  );
  if (block) {
    const problem = toProblem('subscription-inactive', block, {
      correlationId: context.correlationId,
    });
    return { status: 422 as const, body: problem };
  }
  return createResource(spec, body, context);
}

/** The subscription as billing knows it, else as the canonical model does. */
async function subscriptionStatus(
  subscriptionNumber: string,
  context: ApiContext,
): Promise<KnownSubscriptionStatus> {
  const billing = await context.store.records('billing_subscriptions').getByKey(subscriptionNumber);
  if (billing) return { source: 'billing', status: String(billing.status) };
  const canonical = await context.store
    .records('canonical_subscriptions')
    .getByKey(subscriptionNumber);
  if (canonical) return { source: 'canonical', status: String(canonical.status) };
  return undefined;
}
