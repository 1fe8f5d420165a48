import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import type { Schemas } from './schemas.js';

/** Canonical organizations, stored in `canonical_organizations`. */
export const organizations: ResourceSpec<Schemas['Organization'], Schemas['OrganizationCreate']> = {
  table: 'canonical_organizations',
  noun: 'organization',
  collection: 'organizations',
  idField: 'id',
  complete: (body) => ({
    id: newId(),
    status: 'prospect',
    type: 'standard',
    addresses: [],
    externalRefs: [],
    ...body,
  }),
};
