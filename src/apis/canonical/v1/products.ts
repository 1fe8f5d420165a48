import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import type { Schemas } from './schemas.js';

/** Canonical products, stored in `canonical_products`. */
export const products: ResourceSpec<Schemas['Product'], Schemas['ProductCreate']> = {
  table: 'canonical_products',
  noun: 'product',
  collection: 'products',
  idField: 'id',
  complete: (body) => ({
    id: newId(),
    status: 'active',
    externalRefs: [],
    ...body,
  }),
};
