import { randomUUID } from 'node:crypto';

import type { components as BillingSchemas } from '../../../generated/billing-system-v1/types.js';
import type { components as ErpSchemas } from '../../../generated/erp-system-v1/types.js';
import { buildCanonicalEvent } from '../../apis/canonical/events/canonical-event.js';
import { addDecimals, subtractDecimals } from '../../apis/decimal.js';
import { recordDeadLetter } from '../../events/dead-letters.js';
import { appendToOutbox } from '../../events/outbox.js';
import type { Store, StoredRecord } from '../../store/index.js';
import { systemsFromEnv } from '../reference/systems.js';
import { queueFollowUp } from './follow-ups.js';
import type { PollItemContext } from './handlers.js';
import { findPolledItem, rememberPolledItem } from './poller-states.js';

type CustomerPayment = ErpSchemas['schemas']['CustomerPayment'];
type ExternalRef = { system: string; type: string; id: string; number?: string };

/** The `source` of the events this flow writes. */
export const ERP_PAYMENTS_SOURCE = '/junction/flows/poll/erp-payments';

const INVOICE_NUMBER = /^INV[0-9]{8}$/;
const METHODS: Readonly<Record<string, { canonical: string; billing: string }>> = {
  wire: { canonical: 'wire', billing: 'WireTransfer' },
  check: { canonical: 'check', billing: 'Check' },
  ach: { canonical: 'ach', billing: 'ACH' },
};

/**
 * Flow F7: a customer payment recorded in the ERP (a wire or a check) becomes an external payment
 * in the billing system and a canonical payment with its `payment.processed` event, written in
 * one transaction with the CRM snapshot it leaves to `snapshotPaymentsInCrm`. The ERP internal id
 * is the key: a payment seen again is not stored again, and the billing call carries it as its
 * Idempotency-Key. A payment of a customer that is no canonical billing account goes to the dead
 * letters.
 */
export async function importErpPayment(
  item: Record<string, unknown>,
  context: PollItemContext,
): Promise<void> {
  const payment = item as CustomerPayment;
  if ((await findPolledItem(context.store, context.poller, payment.id)) !== undefined) return;

  const account = await billingAccountOf(context.store, payment);
  const billingRef = account?.externalRefs.find((ref) => ref.system === 'billing');
  if (account === undefined || billingRef === undefined) {
    await deadLetter(context, payment);
    return;
  }

  const billed = await applyInBilling(context, payment, billingRef.id, String(account.currency));
  await context.store.transaction(async (tx) => {
    if ((await findPolledItem(tx, context.poller, payment.id)) !== undefined) return;
    const record = canonicalPayment(payment, account, billed);
    await tx.records('canonical_payments').insert(record);
    await rememberPolledItem(tx, context.poller, payment.id, record.id);
    const followUp = { step: 'crm-snapshot', itemId: payment.id, recordId: record.id } as const;
    await queueFollowUp(tx, { poller: context.poller, ...followUp });
    const change = {
      event: 'payment.processed' as const,
      source: ERP_PAYMENTS_SOURCE,
      correlationId: context.correlationId,
    };
    await appendToOutbox(tx, [buildCanonicalEvent(record, change)]);
  });
  context.logger.info({ paymentId: payment.id, paymentNumber: billed.number }, 'payment imported');
}

type BillingAccount = StoredRecord & { externalRefs: ExternalRef[]; currency: string };

/** The canonical billing account whose number the ERP customer carries as its external id. */
async function billingAccountOf(
  store: Store,
  payment: CustomerPayment,
): Promise<BillingAccount | undefined> {
  const accountNumber = payment.customer.externalId;
  if (accountNumber === undefined) return undefined;
  const account = await store.records('canonical_billing_accounts').getByKey(accountNumber);
  return account as BillingAccount | undefined;
}

async function deadLetter(context: PollItemContext, payment: CustomerPayment): Promise<void> {
  const customer = payment.customer.externalId ?? payment.customer.id;
  await recordDeadLetter(context.store, {
    stage: 'poll',
    consumer: `poller:${context.poller}`,
    payload: payment,
    reason: `customer payment ${payment.id} is for customer '${customer}', which is no canonical billing account with a billing system id; create or link the account, then replay`,
  });
  context.logger.warn({ paymentId: payment.id, customer }, 'payment of an unknown customer');
}

async function applyInBilling(
  context: PollItemContext,
  payment: CustomerPayment,
  accountId: string,
  currency: string,
): Promise<BillingSchemas['schemas']['Payment']> {
  const { billing } = systemsFromEnv(context.env);
  const { data, response } = await billing.POST('/v1/payments', {
    params: { header: { 'Idempotency-Key': `erp-customerPayment-${payment.id}` } },
    body: {
      accountId,
      amount: payment.payment,
      currency,
      effectiveDate: payment.tranDate,
      type: 'External',
      paymentMethodType: methodOf(payment).billing as 'WireTransfer',
      ...(payment.tranId === undefined ? {} : { referenceId: payment.tranId }),
      comment: `ERP customer payment ${payment.id}`,
    },
  });
  if (data === undefined) {
    throw new Error(
      `billing-system-v1 createPayment answered ${response.status} for ERP payment ${payment.id}`,
    );
  }
  return data;
}

function methodOf(payment: CustomerPayment): { canonical: string; billing: string } {
  const name = payment.paymentMethod?.refName?.toLowerCase() ?? 'wire';
  return METHODS[name] ?? { canonical: 'wire', billing: 'WireTransfer' };
}

function canonicalPayment(
  payment: CustomerPayment,
  account: BillingAccount,
  billed: BillingSchemas['schemas']['Payment'],
): StoredRecord {
  const currency = account.currency;
  const amount = payment.payment.toFixed(2);
  const applications = (payment.apply?.items ?? [])
    .filter((line) => line.apply && INVOICE_NUMBER.test(line.doc.refName ?? ''))
    .map((line) => ({
      invoiceNumber: line.doc.refName ?? '',
      amount: { amount: line.amount.toFixed(2), currency },
    }));
  const applied = addDecimals(applications.map((application) => application.amount.amount));
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    createdAt: now,
    updatedAt: now,
    paymentNumber: billed.number,
    billingAccountId: account.id,
    method: methodOf(payment).canonical,
    amount: { amount, currency },
    effectiveDate: payment.tranDate,
    status: 'processed',
    applications,
    unapplied: { amount: subtractDecimals(amount, applied), currency },
    externalRefs: [
      { system: 'erp', type: 'customerPayment', id: payment.id },
      { system: 'billing', type: 'Payment', id: billed.id, number: billed.number },
    ],
  };
}
