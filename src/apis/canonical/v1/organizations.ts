import type { ApiContext } from '../../context.js';
import { createResource, getResource, listResource, updateResource } from '../../resource.js';
import type { ListParams } from '../../resource.js';
import { typeAddresses, typedAddresses, untypedAddresses } from '../v2/addresses.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import { organizations as v2Organizations } from '../v2/organizations.js';
import type { StoredOrganization } from '../v2/organizations.js';
import type { Schemas } from './schemas.js';

/** The organizations v2 stores, publishing their events as written through canonical v1. */
const storedOrganizations = {
  ...v2Organizations,
  events: canonicalEvents('organization', CANONICAL_V1_SOURCE),
};

type Organization = Schemas['Organization'];
type OrganizationCreate = Schemas['OrganizationCreate'];
type OrganizationUpdate = Schemas['OrganizationUpdate'];

/** A stored organization as canonical v1 shows it: its addresses without their type. */
export function toOrganizationV1(stored: StoredOrganization): Organization {
  return { ...stored, addresses: untypedAddresses(stored.addresses) };
}

/** Lists one page of organizations in the v1 form. */
export async function listOrganizations(query: ListParams, context: ApiContext) {
  const result = await listResource(storedOrganizations, query, context);
  return { ...result, body: { ...result.body, data: result.body.data.map(toOrganizationV1) } };
}

/** Reads one organization in the v1 form, or a 404 problem. */
export async function getOrganization(id: string, context: ApiContext) {
  const result = await getResource(storedOrganizations, id, context);
  return result.status === 200 ? { ...result, body: toOrganizationV1(result.body) } : result;
}

/** Creates an organization from a v1 body: the first address is `registered`, others `other`. */
export async function createOrganization(body: OrganizationCreate, context: ApiContext) {
  const { addresses, ...fields } = body;
  const create = addresses ? { ...fields, addresses: typeAddresses(addresses) } : fields;
  const result = await createResource(storedOrganizations, create, context);
  return { ...result, body: toOrganizationV1(result.body) };
}

/**
 * Applies a v1 merge patch. A new `addresses` list replaces the stored one, typed against it so
 * the types that v2 clients gave survive for every address the v1 client sends back.
 */
export async function updateOrganization(
  id: string,
  patch: OrganizationUpdate,
  context: ApiContext,
) {
  const { addresses, ...fields } = patch;
  const typed = addresses
    ? { ...fields, addresses: typeAddresses(addresses, await storedAddresses(id, context)) }
    : fields;
  const result = await updateResource(storedOrganizations, id, typed, context);
  return result.status === 200 ? { ...result, body: toOrganizationV1(result.body) } : result;
}

async function storedAddresses(id: string, context: ApiContext) {
  const record = await context.store.records(storedOrganizations.table).get(id);
  // Only the organization handlers write this table, so a record is a stored organization.
  const addresses = (record as StoredOrganization | undefined)?.addresses ?? [];
  return typedAddresses(addresses);
}
