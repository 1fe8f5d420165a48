import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import type { Schemas } from './schemas.js';

/** Canonical orders, stored in `canonical_orders`. */
export const orders: ResourceSpec<Schemas['Order'], Schemas['OrderCreate']> = {
  table: 'canonical_orders',
  noun: 'order',
  collection: 'orders',
  idField: 'id',
  complete: (body) => ({
    id: newId(),
    status: 'draft',
    externalRefs: [],
    ...body,
  }),
};
