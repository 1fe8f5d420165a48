import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

/** Canonical licences, stored in `canonical_licenses`. */
export const licenses: ResourceSpec<Schemas['License'], Schemas['LicenseCreate']> = {
  table: 'canonical_licenses',
  noun: 'licence',
  collection: 'licenses',
  idField: 'id',
  events: canonicalEvents('license', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    trial: false,
    status: 'issued',
    externalRefs: [],
    ...body,
  }),
};
