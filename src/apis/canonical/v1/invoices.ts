import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

/** Canonical invoices, stored in `canonical_invoices`; the balance starts at the total. */
export const invoices: ResourceSpec<Schemas['Invoice'], Schemas['InvoiceCreate']> = {
  table: 'canonical_invoices',
  noun: 'invoice',
  collection: 'invoices',
  idField: 'id',
  events: canonicalEvents('invoice', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    status: 'draft',
    balance: body.total,
    externalRefs: [],
    ...body,
  }),
};
