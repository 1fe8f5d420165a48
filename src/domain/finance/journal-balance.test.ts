import { describe, expect, it } from 'vitest';

import { findJournalImbalance } from './journal-balance.js';

describe('findJournalImbalance', () => {
  it.each([
    {
      given: 'balanced lines with different fraction digits',
      lines: [{ debit: '100.5' }, { credit: '60.25' }, { credit: '40.250' }],
      want: undefined,
    },
    {
      given: 'debits above the credits',
      lines: [{ debit: '100.00' }, { credit: '99.99' }],
      want: 'expected the debits to equal the credits, got debits 100.00 and credits 99.99',
    },
    {
      given: 'a line with both sides',
      lines: [{ debit: '1.00', credit: '1.00' }, { credit: '0' }],
      want: 'expected line 0 to have exactly one of debit and credit, got both',
    },
    {
      given: 'a line with neither side',
      lines: [{ debit: '1.00' }, {}],
      want: 'expected line 1 to have exactly one of debit and credit, got neither',
    },
  ])('finds $given: $want', ({ lines, want }) => {
    expect(findJournalImbalance(lines)).toBe(want);
  });
});
