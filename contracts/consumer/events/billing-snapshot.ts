import type {
  BillingAccountCreatedPayload,
  InvoiceCancelledPayload,
  InvoicePaidPayload,
  InvoicePostedPayload,
  PaymentAppliedPayload,
  PaymentDeclinedPayload,
  PaymentProcessedPayload,
  PaymentRefundedPayload,
} from '../../../generated/canonical-events-v1/events.js';

/** One upsert into the CRM's billing snapshot objects, keyed by the billing system's number. */
export interface CrmUpsert {
  object: 'Billing_Account__c' | 'Invoice__c' | 'Payment__c';
  externalId: string;
  fields: Record<string, string>;
}

type InvoiceEvent = InvoicePostedPayload | InvoicePaidPayload | InvoiceCancelledPayload;
type PaymentEvent =
  PaymentProcessedPayload | PaymentDeclinedPayload | PaymentRefundedPayload | PaymentAppliedPayload;

/** Shows a new billing account under its CRM account, as the billing sync does one way. */
export function accountUpsert(event: BillingAccountCreatedPayload): CrmUpsert | undefined {
  const account = event.data;
  // Billing assigns the number; an account without one is not in billing yet.
  if (!account?.accountNumber) return undefined;
  return {
    object: 'Billing_Account__c',
    externalId: account.accountNumber,
    fields: { Status__c: account.status, Currency__c: account.currency },
  };
}

/** Keeps an invoice's status and open balance current in the CRM, so sales sees what is owed. */
export function invoiceUpsert(event: InvoiceEvent): CrmUpsert | undefined {
  const invoice = event.data;
  if (!invoice) return undefined;
  return {
    object: 'Invoice__c',
    externalId: invoice.invoiceNumber,
    fields: { Status__c: invoice.status, Balance__c: invoice.balance.amount },
  };
}

/** Keeps a payment's status and the invoices it paid current in the CRM. */
export function paymentUpsert(event: PaymentEvent): CrmUpsert | undefined {
  const payment = event.data;
  if (!payment) return undefined;
  const invoices = (payment.applications ?? []).map((application) => application.invoiceNumber);
  return {
    object: 'Payment__c',
    externalId: payment.paymentNumber,
    fields: {
      Status__c: payment.status,
      Amount__c: payment.amount.amount,
      Invoices__c: invoices.join(';'),
    },
  };
}
