import { describe, expect, it } from 'vitest';

import {
  canonicalSubscriptionNumber,
  formatAmount,
  mapBillingSubscription,
  type BillingSubscription,
  type SubscriptionContext,
} from './billing-system.js';

/** The subscription of the billing system spec's example answer. */
const vendor: BillingSubscription = {
  id: '8ad0950c8c7a4f2f018c7b9a2e3c5d10',
  subscriptionNumber: 'A-S00012345',
  version: 2,
  accountId: '8ad08e0184a4a4c30184b2d0f3e0456a',
  accountNumber: 'A00012345',
  accountName: 'Acme Robotics GmbH',
  status: 'Active',
  termType: 'TERMED',
  termStartDate: '2026-11-01',
  termEndDate: '2027-11-01',
  autoRenew: true,
  currency: 'EUR',
  ratePlans: [
    {
      id: '8ad0950c8c7a4f2f018c7b9a2e3c5d11',
      productId: '8ad0823f8c7a4f2f018c7b8e4d5e6f60',
      productRatePlanId: '8ad0823f8c7a4f2f018c7b8e4d5e6f70',
      ratePlanName: 'Premium - 1 Year',
      lastChangeType: null,
      ratePlanCharges: [
        {
          id: '8ad0950c8c7a4f2f018c7b9a2e3c5d12',
          productRatePlanChargeId: '8ad0823f8c7a4f2f018c7b8e4d5e6f71',
          number: 'C-00012345',
          name: 'Premium - Seats',
          type: 'Recurring',
          model: 'PerUnit',
          quantity: 25,
          price: 348,
          effectiveStartDate: '2026-11-01',
          mrr: 725,
        },
      ],
    },
    {
      id: '8ad0950c8c7a4f2f018c7b9a2e3c5d21',
      productId: '8ad0823f8c7a4f2f018c7b8e4d5e6f61',
      productRatePlanId: '8ad0823f8c7a4f2f018c7b8e4d5e6f80',
      ratePlanName: 'Storage add-on',
      lastChangeType: 'Remove',
      ratePlanCharges: [],
    },
  ],
};

const context: SubscriptionContext = {
  id: '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
  billingAccountId: '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e',
  planIds: { '8ad0823f8c7a4f2f018c7b8e4d5e6f70': '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
  currency: 'USD',
  externalRefs: [
    { system: 'billing', type: 'Subscription', id: '8ad0950c8c7a4f2f018c7b9a2e3c5d00' },
    { system: 'fulfillment', type: 'order', id: '502311' },
  ],
  createdAt: '2026-11-01T08:00:00.000Z',
  updatedAt: '2026-11-15T11:21:30.000Z',
};

describe('mapBillingSubscription', () => {
  it('maps the vendor subscription to the exact canonical subscription', () => {
    expect(mapBillingSubscription(vendor, context)).toStrictEqual({
      ok: true,
      value: {
        id: '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
        subscriptionNumber: 'S-00012345',
        billingAccountId: '7b1e4d2c-5a3f-4e8b-9c6d-2f0a1b3c4d5e',
        status: 'active',
        termType: 'termed',
        termStart: '2026-11-01',
        termEnd: '2027-10-31',
        autoRenew: true,
        lines: [
          {
            planId: '9a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
            quantity: 25,
            price: { amount: '348.00', currency: 'EUR' },
            mrr: { amount: '725.00', currency: 'EUR' },
          },
        ],
        version: 2,
        externalRefs: [
          {
            system: 'billing',
            type: 'Subscription',
            id: '8ad0950c8c7a4f2f018c7b9a2e3c5d10',
            number: 'A-S00012345',
          },
          { system: 'fulfillment', type: 'order', id: '502311' },
        ],
        createdAt: '2026-11-01T08:00:00.000Z',
        updatedAt: '2026-11-15T11:21:30.000Z',
      },
    });
  });

  it('gives an evergreen subscription no termEnd and takes the account currency when none is named', () => {
    const withoutCurrency: BillingSubscription = { ...vendor };
    delete withoutCurrency.currency;
    const evergreen: BillingSubscription = {
      ...withoutCurrency,
      termType: 'EVERGREEN',
      termEndDate: null,
      status: 'Cancelled',
    };
    const result = mapBillingSubscription(evergreen, context);
    expect(result.ok && result.value).toMatchObject({ termType: 'evergreen', status: 'cancelled' });
    expect(result.ok && 'termEnd' in result.value).toBe(false);
    expect(result.ok && result.value.lines[0]?.price).toStrictEqual({
      amount: '348.00',
      currency: 'USD',
    });
  });

  it.each([
    [
      'a number of another shape',
      { ...vendor, subscriptionNumber: 'SUB-1' },
      context,
      {
        ok: false,
        pointer: '/subscriptionNumber',
        message: "expected 'A-S' and 8 digits, got 'SUB-1'",
      },
    ],
    [
      'a rate plan no canonical plan refers to',
      vendor,
      { ...context, planIds: {} },
      {
        ok: false,
        pointer: '/ratePlans/0/productRatePlanId',
        message: "no canonical plan refers to '8ad0823f8c7a4f2f018c7b8e4d5e6f70'",
      },
    ],
    [
      'no rate plan left',
      { ...vendor, ratePlans: vendor.ratePlans.slice(1) },
      context,
      { ok: false, pointer: '/ratePlans', message: 'expected at least one rate plan' },
    ],
  ])('refuses %s, naming the vendor field', (_title, input, given, want) => {
    expect(mapBillingSubscription(input, given)).toStrictEqual(want);
  });
});

describe('canonicalSubscriptionNumber and formatAmount', () => {
  it.each([
    ['A-S00000001', 'S-00000001'],
    ['A-S123', undefined],
    ['S-00000001', undefined],
  ])('maps the vendor number %s to %s', (given, want) => {
    expect(canonicalSubscriptionNumber(given)).toBe(want);
  });

  it.each([
    [348, '348.00'],
    [0.1 + 0.2, '0.30'],
    [2291.666_67, '2291.6667'],
    [12.5, '12.50'],
    [-3, '-3.00'],
  ])('writes %d as %s', (given, want) => {
    expect(formatAmount(given)).toBe(want);
  });
});
