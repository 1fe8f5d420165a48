import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

/** Canonical contacts, stored in `canonical_contacts`. */
export const contacts: ResourceSpec<Schemas['Contact'], Schemas['ContactCreate']> = {
  table: 'canonical_contacts',
  noun: 'contact',
  collection: 'contacts',
  idField: 'id',
  events: canonicalEvents('contact', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    roles: [],
    status: 'active',
    externalRefs: [],
    ...body,
  }),
};
