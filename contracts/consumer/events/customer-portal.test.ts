import { describe, expect, it } from 'vitest';

import { receiveEvent } from '../../support/event-interaction.js';
import { startPact } from '../../support/pact-files.js';
import { invoiceNotice, licenseNotice } from './portal-notices.js';

const pact = startPact('customer-portal', 'canonical-events-v1');
const LICENSE_TEXT = 'ultimate, 25 seats, until 2027-11-15';

describe('the customer portal receiving canonical events', () => {
  const licenseEvents = [
    { name: 'license.issued', notice: 'license-ready' },
    { name: 'license.activated', notice: 'license-active' },
    { name: 'license.revoked', notice: 'license-revoked' },
  ] as const;

  it.each(licenseEvents)('shows a $notice notice for a $name event', async (row) => {
    expect(await receiveEvent(pact, row.name, licenseNotice)).toStrictEqual({
      notice: row.notice,
      about: 'S-00004567',
      text: LICENSE_TEXT,
    });
  });

  it('shows a posted invoice as due', async () => {
    expect(await receiveEvent(pact, 'invoice.posted', invoiceNotice)).toStrictEqual({
      notice: 'invoice-due',
      about: 'INV00023456',
      text: '27500.00 EUR due 2026-12-15',
    });
  });
});
