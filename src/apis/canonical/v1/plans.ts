import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

/** Canonical plans, stored in `canonical_plans`. */
export const plans: ResourceSpec<Schemas['Plan'], Schemas['PlanCreate']> = {
  table: 'canonical_plans',
  noun: 'plan',
  collection: 'plans',
  idField: 'id',
  events: canonicalEvents('plan', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    status: 'active',
    externalRefs: [],
    ...body,
  }),
};
