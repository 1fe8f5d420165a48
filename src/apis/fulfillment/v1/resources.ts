import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import type { Schemas } from './schemas.js';

/** Portal users; an e-mail address in use is a conflict. */
export const portalUsers: ResourceSpec<Schemas['PortalUser'], Schemas['PortalUserCreate']> = {
  table: 'fulfillment_portal_users',
  noun: 'portal user',
  collection: 'portal-users',
  idField: 'userId',
  complete: (body) => ({ ...body, userId: newId() }),
};

/** Links of portal users to billing accounts; a new link makes the user a manager. */
export const billingAccountLinks: ResourceSpec<
  Schemas['BillingAccountLink'],
  Schemas['BillingAccountLinkCreate']
> = {
  table: 'fulfillment_billing_account_links',
  noun: 'billing-account link',
  collection: 'billing-account-links',
  idField: 'linkId',
  complete: (body) => ({ role: 'manager', ...body, linkId: newId() }),
};

/** Licenses; the handler has checked that the subscription is active. */
export const licenses: ResourceSpec<Schemas['License'], Schemas['LicenseCreate']> = {
  table: 'fulfillment_licenses',
  noun: 'license',
  collection: 'licenses',
  idField: 'licenseId',
  complete: (body) => ({
    trueupQuantity: 0,
    trial: false,
    ...body,
    licenseId: newId(),
    status: 'active',
  }),
};

/** Namespace plans; the handler has checked that the subscription is active. */
export const namespacePlans: ResourceSpec<
  Schemas['NamespacePlan'],
  Schemas['NamespacePlanCreate']
> = {
  table: 'fulfillment_namespace_plans',
  noun: 'namespace plan',
  collection: 'namespace-plans',
  idField: 'namespacePlanId',
  complete: (body) => ({ trial: false, ...body, namespacePlanId: newId(), status: 'active' }),
};
