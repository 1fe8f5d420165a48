import { addDecimals, compareDecimals } from '../money/decimal.js';

/** A journal line as far as balancing goes: one of debit or credit, as decimal strings. */
export interface BalanceLine {
  debit?: string;
  credit?: string;
}

/**
 * Why journal lines do not balance, or undefined when they do: every line must carry exactly
 * one of debit and credit, and the debits must add up to the credits.
 */
export function findJournalImbalance(lines: readonly BalanceLine[]): string | undefined {
  const oneSided = lines.findIndex(
    (line) => (line.debit === undefined) === (line.credit === undefined),
  );
  if (oneSided >= 0) {
    return `expected line ${oneSided} to have exactly one of debit and credit, got ${
      lines[oneSided]!.debit === undefined ? 'neither' : 'both'
    }`;
  }
  const debits = addDecimals(
    lines.flatMap((line) => (line.debit === undefined ? [] : [line.debit])),
  );
  const credits = addDecimals(
    lines.flatMap((line) => (line.credit === undefined ? [] : [line.credit])),
  );
  if (compareDecimals(debits, credits) === 0) return undefined;
  return `expected the debits to equal the credits, got debits ${debits} and credits ${credits}`;
}
