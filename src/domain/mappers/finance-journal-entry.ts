import { addDecimals } from '../money/decimal.js';
import { SUBSIDIARIES } from './terms.js';
import type { Canonical, Finance } from './types.js';

/**
 * A journal entry of a billing journal run, as billing reports it at month end: one item per
 * accounting code and GL account, debit or credit.
 */
export interface BillingJournalEntry {
  number: string;
  journalEntryDate: string;
  currency: string;
  billingEntity: Canonical['BillingAccount']['billingEntity'];
  notes?: string;
  journalEntryItems: readonly {
    accountingCodeType: string;
    glAccountNumber: string;
    type: 'Debit' | 'Credit';
    amount: string;
  }[];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A billing journal entry as the summarised ERP journal entry: one line per GL account and side
 * with the items' amounts added, in the order each first appears, posted to the month of the
 * entry date. Approval stays with finance.
 */
export function toFinanceJournalEntryCreate(
  entry: BillingJournalEntry,
): Finance['JournalEntryCreate'] {
  return {
    externalId: entry.number,
    tranId: entry.number,
    tranDate: entry.journalEntryDate,
    postingPeriod: postingPeriodOf(entry.journalEntryDate),
    subsidiary: SUBSIDIARIES[entry.billingEntity],
    currency: entry.currency,
    ...(entry.notes === undefined ? {} : { memo: entry.notes }),
    line: summarise(entry.journalEntryItems),
    approved: false,
  };
}

function summarise(items: BillingJournalEntry['journalEntryItems']): Finance['JournalEntryLine'][] {
  const groups = new Map<
    string,
    { account: string; side: 'debit' | 'credit'; amounts: string[] }
  >();
  for (const item of items) {
    const side = item.type === 'Debit' ? 'debit' : 'credit';
    const key = `${item.glAccountNumber} ${side}`;
    const group = groups.get(key) ?? { account: item.glAccountNumber, side, amounts: [] };
    group.amounts.push(item.amount);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ account, side, amounts }) => ({
    account,
    [side]: addDecimals(amounts),
  }));
}

/** `2026-11-30` posts to `Nov 2026`. */
function postingPeriodOf(date: string): string {
  const [year, month] = date.split('-');
  return `${MONTHS[Number(month) - 1]} ${year}`;
}
