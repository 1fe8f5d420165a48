import { subtractDecimals, addDecimals } from '../../decimal.js';
import { newId } from '../../resource.js';
import type { ResourceSpec } from '../../resource.js';
import { CANONICAL_V1_SOURCE, canonicalEvents } from '../events/record-events.js';
import type { Schemas } from './schemas.js';

type Payment = Schemas['Payment'];

/** Canonical payments, stored in `canonical_payments`; `unapplied` is what no invoice took. */
export const payments: ResourceSpec<Payment, Schemas['PaymentCreate']> = {
  table: 'canonical_payments',
  noun: 'payment',
  collection: 'payments',
  idField: 'id',
  events: canonicalEvents('payment', CANONICAL_V1_SOURCE),
  complete: (body) => ({
    id: newId(),
    status: 'processed',
    applications: [],
    externalRefs: [],
    ...body,
    unapplied: body.unapplied ?? unappliedOf(body.amount, body.applications ?? []),
  }),
};

function unappliedOf(
  amount: Payment['amount'],
  applications: Payment['applications'],
): Payment['amount'] {
  const applied = addDecimals(applications.map((application) => application.amount.amount));
  return { amount: subtractDecimals(amount.amount, applied), currency: amount.currency };
}
