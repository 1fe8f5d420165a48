import { toProblem } from '../../../runtime/errors.js';
import type { Problem } from '../../../runtime/errors.js';
import type { ApiContext } from '../../context.js';
import {
  createResource,
  getResource,
  listResource,
  newId,
  updateResource,
} from '../../resource.js';
import type { ListParams, ResourceSpec } from '../../resource.js';
import { CANONICAL_V2_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { StoredAddress, TypedAddress } from './addresses.js';
import { repeatedAddressTypes, typedAddresses } from './addresses.js';
import type { Schemas } from './schemas.js';

type Organization = Schemas['Organization'];

/**
 * An organization as `canonical_organizations` holds it: the canonical v2 form, except that
 * records written before v2 may hold untyped addresses. Both API versions read and write it.
 */
export type StoredOrganization = Omit<Organization, 'addresses'> & { addresses: StoredAddress[] };

/**
 * Canonical organizations, stored in `canonical_organizations` in the canonical v2 form. Canonical
 * v1 serves the same records through the mapping in `../v1/organizations.ts`.
 */
export const organizations: ResourceSpec<StoredOrganization, Schemas['OrganizationCreate']> = {
  table: 'canonical_organizations',
  noun: 'organization',
  collection: 'organizations',
  idField: 'id',
  events: canonicalEvents('organization', CANONICAL_V2_SOURCE),
  complete: (body) => ({
    id: newId(),
    status: 'prospect',
    type: 'standard',
    addresses: [],
    externalRefs: [],
    ...body,
  }),
};

/** A stored organization as canonical v2 shows it: every address typed. */
export function toOrganizationV2(stored: StoredOrganization): Organization {
  return { ...stored, addresses: typedAddresses(stored.addresses) };
}

/** Lists one page of organizations in the v2 form. */
export async function listOrganizations(query: ListParams, context: ApiContext) {
  const result = await listResource(organizations, query, context);
  return { ...result, body: { ...result.body, data: result.body.data.map(toOrganizationV2) } };
}

/** Reads one organization in the v2 form, or a 404 problem. */
export async function getOrganization(id: string, context: ApiContext) {
  const result = await getResource(organizations, id, context);
  return result.status === 200 ? { ...result, body: toOrganizationV2(result.body) } : result;
}

/** Creates an organization from a validated v2 body; answers 201 with its `Location`. */
export async function createOrganization(body: Schemas['OrganizationCreate'], context: ApiContext) {
  const refused = refuseRepeatedTypes(body.addresses, context);
  if (refused) return refused;
  const result = await createResource(organizations, body, context);
  return { ...result, body: toOrganizationV2(result.body) };
}

/** Applies a v2 merge patch; `addresses` replaces the whole list. 404 when there is none. */
export async function updateOrganization(
  id: string,
  patch: Schemas['OrganizationUpdate'],
  context: ApiContext,
) {
  const refused = refuseRepeatedTypes(patch.addresses, context);
  if (refused) return refused;
  const result = await updateResource(organizations, id, patch, context);
  return result.status === 200 ? { ...result, body: toOrganizationV2(result.body) } : result;
}

/** The 400 answer to addresses that repeat a type the schema cannot say is single. */
function refuseRepeatedTypes(
  addresses: readonly TypedAddress[] | undefined,
  context: ApiContext,
): { status: 400; body: Problem } | undefined {
  const errors = repeatedAddressTypes(addresses ?? []);
  if (errors.length === 0) return undefined;
  const detail =
    'The addresses repeat a type; an organization has at most one billing, shipping and ' +
    'registered address.';
  const body = toProblem('validation-failed', detail, {
    correlationId: context.correlationId,
    errors,
  });
  return { status: 400, body };
}
