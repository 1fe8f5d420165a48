import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

/** Canonical products, stored in `canonical_products`. */
export const products: ResourceSpec<Schemas['Product'], Schemas['ProductCreate']> = {
  table: 'canonical_products',
  noun: 'product',
  collection: 'products',
  idField: 'id',
  events: canonicalEvents('product', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    status: 'active',
    externalRefs: [],
    ...body,
  }),
};
