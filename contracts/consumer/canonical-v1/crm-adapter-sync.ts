import type { CanonicalV1Client } from '../../../generated/canonical-v1/client.js';
import { outcomeOf } from '../../support/outcome.js';
import type { Outcome } from '../../support/outcome.js';

/** A CRM account as the CRM adapter reads it from the CRM. */
export interface CrmAccount {
  id: string;
  name: string;
  website: string;
}

/** The platform id of the organization of a web domain, if there is exactly one. */
export async function findOrganizationByDomain(
  client: CanonicalV1Client,
  domain: string,
): Promise<Outcome<string | undefined>> {
  const answer = await client.GET('/organizations', { params: { query: { domain } } });
  return outcomeOf(answer, ({ data }) => (data.length === 1 ? data[0]?.id : undefined));
}

/** The CRM account id an organization carries in its external references. */
export async function crmIdOf(
  client: CanonicalV1Client,
  organizationId: string,
): Promise<Outcome<string | undefined>> {
  const answer = await client.GET('/organizations/{organizationId}', {
    params: { path: { organizationId } },
  });
  return outcomeOf(
    answer,
    (organization) => organization.externalRefs.find((ref) => ref.system === 'crm')?.id,
  );
}

/** Registers a CRM account as a prospect organization; the answer is its platform id. */
export async function registerAccount(
  client: CanonicalV1Client,
  account: CrmAccount,
): Promise<Outcome<{ id: string; status: string }>> {
  const answer = await client.POST('/organizations', {
    body: {
      legalName: account.name,
      domain: account.website,
      externalRefs: [{ system: 'crm', type: 'Account', id: account.id }],
    },
  });
  return outcomeOf(answer, ({ id, status }) => ({ id, status }));
}

/** Marks an organization a customer once its CRM opportunity is won; answers its new status. */
export async function markCustomer(
  client: CanonicalV1Client,
  organizationId: string,
): Promise<Outcome<string>> {
  const answer = await client.PATCH('/organizations/{organizationId}', {
    params: { path: { organizationId } },
    body: { status: 'customer', segment: 'large' },
    headers: { 'content-type': 'application/merge-patch+json' },
  });
  return outcomeOf(answer, (organization) => `${organization.status}/${organization.segment}`);
}
