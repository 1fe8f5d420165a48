import { describe, expect, it } from 'vitest';

import type { BillingJournalEntry } from './journal-billing.js';
import { checkJournalEntry } from './journal-entry-check.js';

const ledger = {
  subsidiaryId: '2',
  currencies: { USD: '1' },
  accounts: { '1200': '119', '2400': '254' },
};

function entry(
  lines: [string, 'Debit' | 'Credit', number][],
  overrides: Partial<BillingJournalEntry> = {},
): BillingJournalEntry {
  return {
    id: '8ad00000000000000000000000000001',
    number: 'JE-00000001',
    status: 'Created',
    journalEntryDate: '2026-11-30',
    currency: 'USD',
    homeCurrency: 'USD',
    transactionType: 'Invoice Item',
    accountingPeriodName: 'Nov 2026',
    timePeriodStart: '2026-11-01',
    timePeriodEnd: '2026-11-30',
    transferredToAccounting: 'No',
    journalEntryItems: lines.map(([glAccountNumber, type, amount]) => ({
      accountingCodeType: 'SalesRevenue',
      glAccountName: glAccountNumber,
      glAccountNumber,
      type,
      amount,
      homeCurrencyAmount: amount,
    })),
    ...overrides,
  };
}

describe('checkJournalEntry', () => {
  it.each([
    [
      'balanced lines on known accounts',
      entry([
        ['1200', 'Debit', 0.1],
        ['1200', 'Debit', 0.2],
        ['2400', 'Credit', 0.3],
      ]),
      undefined,
    ],
    [
      'unbalanced lines',
      entry([
        ['1200', 'Debit', 8700],
        ['2400', 'Credit', 8600],
      ]),
      'journal entry JE-00000001 does not balance: debits 8700.00, credits 8600.00 USD',
    ],
    [
      'an unknown GL account',
      entry([
        ['1200', 'Debit', 5],
        ['7777', 'Credit', 5],
      ]),
      'journal entry JE-00000001 posts to GL account 7777, which the ERP does not have',
    ],
    [
      'an unknown currency',
      entry(
        [
          ['1200', 'Debit', 5],
          ['2400', 'Credit', 5],
        ],
        { currency: 'JPY' },
      ),
      'journal entry JE-00000001 is in JPY, which the ERP ledger does not have',
    ],
    [
      'a single line',
      entry([['1200', 'Debit', 5]]),
      'journal entry JE-00000001 has 1 line; expected at least 2',
    ],
    [
      'a cancelled entry',
      entry(
        [
          ['1200', 'Debit', 5],
          ['2400', 'Credit', 5],
        ],
        { status: 'Cancelled' },
      ),
      'journal entry JE-00000001 is Cancelled',
    ],
  ])('given %s, answers the reason or undefined', (_given, journalEntry, want) => {
    expect(checkJournalEntry(journalEntry, ledger)).toStrictEqual(want);
  });
});
