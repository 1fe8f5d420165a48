import { divideExactly } from '../money/decimal.js';
import { MapperError } from './mapper-error.js';
import { SUBSIDIARIES } from './terms.js';
import type { Canonical, Finance } from './types.js';

type Invoice = Canonical['Invoice'];

const MAX_RATE_DIGITS = 4;

/** What the ERP needs besides the invoice: its customer and the item of every plan. */
export interface FinanceInvoiceContext {
  /** The ERP internal id of the customer of the invoice's billing account. */
  customerInternalId: string;
  /** The ERP item (the product SKU) of each plan id on the invoice. */
  itemsByPlanId: Readonly<Record<string, string>>;
}

/**
 * A posted canonical invoice as the ERP invoice that mirrors it: the invoice number is both
 * external id and transaction id, each line's rate is its amount per unit, and the open amount
 * is the invoice balance.
 */
export function toFinanceInvoiceCreate(
  invoice: Invoice,
  context: FinanceInvoiceContext,
): Finance['InvoiceCreate'] {
  return {
    externalId: invoice.invoiceNumber,
    tranId: invoice.invoiceNumber,
    entity: context.customerInternalId,
    tranDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    subsidiary: SUBSIDIARIES[invoice.billingEntity],
    currency: invoice.currency,
    item: invoice.lines.map((line) => toInvoiceItem(line, context)),
    total: invoice.total,
    amountRemaining: invoice.balance,
  };
}

function toInvoiceItem(
  line: Invoice['lines'][number],
  context: FinanceInvoiceContext,
): Finance['InvoiceItem'] {
  const item = context.itemsByPlanId[line.planId];
  if (item === undefined) {
    throw new MapperError(
      'toFinanceInvoiceCreate',
      `expected an ERP item for plan ${line.planId}, got none; add the plan to itemsByPlanId`,
    );
  }
  return {
    item,
    ...(line.servicePeriodStart === undefined || line.servicePeriodEnd === undefined
      ? {}
      : { description: `${line.servicePeriodStart} to ${line.servicePeriodEnd}` }),
    quantity: line.quantity,
    rate: unitRate(line.amount.amount, line.quantity),
    amount: line.amount.amount,
  };
}

/** The amount per unit, exactly, with at most 4 fraction digits as the ERP's amounts allow. */
function unitRate(amount: string, quantity: number): string {
  if (quantity === 0) return amount;
  const rate = divideExactly(amount, quantity, MAX_RATE_DIGITS);
  if (rate !== undefined) return rate;
  throw new MapperError(
    'toFinanceInvoiceCreate',
    `expected a line amount that ${quantity} units divide into at most ${MAX_RATE_DIGITS} fraction digits, got ${amount}`,
  );
}
