import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

/** Canonical orders, stored in `canonical_orders`. */
export const orders: ResourceSpec<Schemas['Order'], Schemas['OrderCreate']> = {
  table: 'canonical_orders',
  noun: 'order',
  collection: 'orders',
  idField: 'id',
  events: canonicalEvents('order', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    status: 'draft',
    externalRefs: [],
    ...body,
  }),
};
