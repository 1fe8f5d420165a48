import type { FulfillmentV1Client } from '../../../generated/fulfillment-v1/client.js';
import type { components } from '../../../generated/fulfillment-v1/types.js';
import { outcomeOf } from '../../support/outcome.js';
import type { Outcome } from '../../support/outcome.js';

type LicenseCreate = components['schemas']['LicenseCreate'];
type PortalUserCreate = components['schemas']['PortalUserCreate'];

/** The portal user who signs in with an e-mail address, if there is one. */
export async function portalUserOf(
  client: FulfillmentV1Client,
  email: string,
): Promise<Outcome<string | undefined>> {
  const answer = await client.GET('/portal-users', { params: { query: { email } } });
  return outcomeOf(answer, ({ data }) => data[0]?.userId);
}

/** Signs a buyer up for the portal; the answer is the new user's id. */
export async function signUp(
  client: FulfillmentV1Client,
  user: PortalUserCreate,
): Promise<Outcome<string>> {
  const answer = await client.POST('/portal-users', { body: user });
  return outcomeOf(answer, ({ userId }) => userId);
}

/** The licenses in force for a subscription, as the portal's subscription page lists them. */
export async function activeLicensesOf(
  client: FulfillmentV1Client,
  subscriptionNumber: string,
): Promise<Outcome<string[]>> {
  const answer = await client.GET('/licenses', {
    params: { query: { zuoraSubscriptionName: subscriptionNumber, status: 'active' } },
  });
  return outcomeOf(answer, ({ data }) =>
    data.map(
      (license) => `${license.planCode}, ${license.usersCount} users until ${license.expiresAt}`,
    ),
  );
}

/** The status of one license, as the portal's download page checks it. */
export async function licenseStatus(
  client: FulfillmentV1Client,
  licenseId: string,
): Promise<Outcome<string>> {
  const answer = await client.GET('/licenses/{licenseId}', { params: { path: { licenseId } } });
  return outcomeOf(answer, (license) => license.status);
}

/** Issues a license for a subscription; the answer is its status and true-up seats. */
export async function issueLicense(
  client: FulfillmentV1Client,
  license: LicenseCreate,
): Promise<Outcome<string>> {
  const answer = await client.POST('/licenses', { body: license });
  return outcomeOf(answer, (issued) => `${issued.status}, true-up ${issued.trueupQuantity}`);
}
