import { describe, expect, it } from 'vitest';

import { opportunityName, opportunityTermsOf } from './crm-link.js';
import type { SubscriptionData } from './crm-link.js';

describe('opportunityName', () => {
  const long = 'Acme Robotics Holding '.repeat(12);

  it.each([
    ['keeps a name that fits', 'Acme Robotics GmbH', 'Acme Robotics GmbH - S-00004567 - web'],
    [
      'cuts a long organization name so the whole fits the CRM’s 120 characters',
      long,
      `${long.slice(0, 101)} - S-00004567 - web`,
    ],
    [
      'cuts by character, never inside one',
      '🤖'.repeat(130),
      `${'🤖'.repeat(101)} - S-00004567 - web`,
    ],
  ])('%s', (_name, organization, want) => {
    const name = opportunityName(organization, 'S-00004567');
    expect([name, [...name].length <= 120]).toStrictEqual([want, true]);
  });
});

describe('opportunityTermsOf', () => {
  const line = (quantity: number, amount: string, currency = 'EUR') => ({
    planId: '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    quantity,
    price: { amount, currency },
  });
  const subscription = (fields: Partial<SubscriptionData>): SubscriptionData => ({
    subscriptionNumber: 'S-00004567',
    billingAccountId: '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e',
    lines: [],
    externalRefs: [],
    ...fields,
  });

  it.each<[string, SubscriptionData, object]>([
    [
      'books every line at its price, to the cent, under the billing subscription number',
      subscription({
        lines: [line(25, '1100.00'), line(3, '19.99')],
        externalRefs: [
          { system: 'billing', type: 'Subscription', id: '8ad0', number: 'A-S00004567' },
        ],
      }),
      { externalId: 'A-S00004567', amount: 27559.97, currency: 'EUR' },
    ],
    [
      'falls back to the canonical number and no currency for a subscription without lines',
      subscription({}),
      { externalId: 'S-00004567', amount: 0 },
    ],
  ])('%s', (_name, given, want) => {
    expect(opportunityTermsOf(given)).toStrictEqual(want);
  });
});
