import type { CanonicalV2Client } from '../../../generated/canonical-v2/client.js';
import type { components } from '../../../generated/canonical-v2/types.js';
import { outcomeOf } from '../../support/outcome.js';
import type { Outcome } from '../../support/outcome.js';

type OrganizationAddress = components['schemas']['OrganizationAddress'];

/** The legal names of the organizations of a web domain, as the portal's company picker lists them. */
export async function companiesOfDomain(
  client: CanonicalV2Client,
  domain: string,
): Promise<Outcome<string[]>> {
  const answer = await client.GET('/organizations', { params: { query: { domain } } });
  return outcomeOf(answer, ({ data }) => data.map((organization) => organization.legalName));
}

/** The billing address of an organization as one line, or undefined when it has none. */
export async function billingAddressLine(
  client: CanonicalV2Client,
  organizationId: string,
): Promise<Outcome<string | undefined>> {
  const answer = await client.GET('/organizations/{organizationId}', {
    params: { path: { organizationId } },
  });
  return outcomeOf(answer, (organization) => {
    const billing = organization.addresses.find((address) => address.type === 'billing');
    return billing && formatAddress(billing);
  });
}

/** Signs a company up from the portal's form; the answer is its platform id. */
export async function signUpCompany(
  client: CanonicalV2Client,
  legalName: string,
  addresses: OrganizationAddress[],
): Promise<Outcome<string>> {
  const answer = await client.POST('/organizations', { body: { legalName, addresses } });
  return outcomeOf(answer, (organization) => organization.id);
}

/** Replaces an organization's addresses; the answer is their types, in order. */
export async function replaceAddresses(
  client: CanonicalV2Client,
  organizationId: string,
  addresses: OrganizationAddress[],
): Promise<Outcome<string[]>> {
  const answer = await client.PATCH('/organizations/{organizationId}', {
    params: { path: { organizationId } },
    body: { addresses },
    headers: { 'content-type': 'application/merge-patch+json' },
  });
  return outcomeOf(answer, (organization) => organization.addresses.map(({ type }) => type));
}

function formatAddress(address: OrganizationAddress): string {
  const place = [address.postalCode, address.city].filter(Boolean).join(' ');
  return [address.line1, place, address.country].join(', ');
}
