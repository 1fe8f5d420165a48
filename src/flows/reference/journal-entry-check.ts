import type { BillingJournalEntry } from './journal-billing.js';

/** How billing's ledger maps onto the ERP's: the subsidiary, currencies and GL accounts. */
export interface ErpLedger {
  /** The ERP subsidiary the journal entries post to. */
  subsidiaryId: string;
  /** ERP currency record ids by ISO 4217 code. */
  currencies: Readonly<Record<string, string>>;
  /** ERP account record ids by GL account number. */
  accounts: Readonly<Record<string, string>>;
}

/**
 * Why a billing journal entry cannot be written to the ERP, or undefined when it can: it must be
 * live, have at least two lines, post in a currency and to GL accounts the ERP has, and its
 * debits must equal its credits to the cent.
 */
export function checkJournalEntry(
  entry: BillingJournalEntry,
  ledger: ErpLedger,
): string | undefined {
  if (entry.status !== 'Created') return `journal entry ${entry.number} is ${entry.status}`;
  if (entry.journalEntryItems.length < 2) {
    return `journal entry ${entry.number} has ${entry.journalEntryItems.length} line; expected at least 2`;
  }
  if (ledger.currencies[entry.currency] === undefined) {
    return `journal entry ${entry.number} is in ${entry.currency}, which the ERP ledger does not have`;
  }
  const unknown = entry.journalEntryItems
    .map((item) => item.glAccountNumber)
    .filter((account) => ledger.accounts[account] === undefined);
  if (unknown.length > 0) {
    return `journal entry ${entry.number} posts to GL account ${unknown.join(', ')}, which the ERP does not have`;
  }
  const debits = centsOf(entry, 'Debit');
  const credits = centsOf(entry, 'Credit');
  if (debits !== credits) {
    return `journal entry ${entry.number} does not balance: debits ${format(debits)}, credits ${format(credits)} ${entry.currency}`;
  }
  return undefined;
}

/** The sum of one side's lines in cents, so binary fractions never decide a balance. */
export function centsOf(entry: BillingJournalEntry, side: 'Debit' | 'Credit'): number {
  return entry.journalEntryItems
    .filter((item) => item.type === side)
    .reduce((sum, item) => sum + Math.round(item.amount * 100), 0);
}

function format(cents: number): string {
  return (cents / 100).toFixed(2);
}
