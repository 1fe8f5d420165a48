import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { receiveEvent } from '../../support/event-interaction.js';
import { startPact } from '../../support/pact-files.js';
import { openProvisioningStore, provisionFrom } from './provisioning-flow.js';
import type { ProvisioningStore } from './provisioning-flow.js';
import { planEntry, productEntry, provisioningFor } from './provisioning.js';

const pact = startPact('fulfilment', 'canonical-events-v1');
const SUBSCRIPTION = { subscriptionNumber: 'S-00004567', namespace: '81234567' };

describe('fulfilment receiving canonical events', () => {
  describe('the provisioning flow (F4)', () => {
    let provisioning: ProvisioningStore | undefined;
    beforeEach(async () => {
      provisioning = await openProvisioningStore();
    });
    afterEach(() => provisioning?.close());

    const provisioned = [
      { name: 'subscription.created', seats: 25 },
      { name: 'subscription.amended', seats: 30 },
    ] as const;

    it.each(provisioned)(
      'issues the namespace plan a $name event entitles to',
      async ({ name, seats }) => {
        const { store } = provisioning!;
        expect(
          await receiveEvent(pact, name, (event) => provisionFrom(store, event)),
        ).toStrictEqual([
          {
            kind: 'namespace-plan',
            planCode: 'ultimate-saas-annual',
            seats,
            startsAt: '2026-11-15T00:00:00Z',
            expiresAt: '2027-11-14T23:59:59Z',
            namespaceId: SUBSCRIPTION.namespace,
            status: 'issued',
          },
        ]);
      },
    );
  });

  const subscriptionEvents = [
    { name: 'subscription.renewed', want: { action: 'extend', seats: 30, until: '2028-11-14' } },
    {
      name: 'subscription.cancelled',
      want: { action: 'schedule-removal', seats: 25, until: '2027-05-14' },
    },
    { name: 'subscription.expired', want: { action: 'remove', seats: 25, until: '2027-11-14' } },
  ] as const;

  it.each(subscriptionEvents)('plans the provisioning of a $name event', async ({ name, want }) => {
    expect(await receiveEvent(pact, name, provisioningFor)).toStrictEqual({
      action: want.action,
      subscriptionNumber: SUBSCRIPTION.subscriptionNumber,
      namespace: SUBSCRIPTION.namespace,
      seats: want.seats,
      until: want.until,
    });
  });

  it('lists a published product in the storefront', async () => {
    expect(await receiveEvent(pact, 'product.catalog.published', productEntry)).toStrictEqual({
      code: 'SKU-ULT-SAAS',
      name: 'Ultimate (SaaS)',
      prices: [],
    });
  });

  it('lists a published plan in the storefront with its list prices', async () => {
    expect(await receiveEvent(pact, 'plan.catalog.published', planEntry)).toStrictEqual({
      code: 'ultimate-saas-annual',
      name: 'Ultimate SaaS, annual, per user',
      prices: ['1188.00 USD', '1100.00 EUR'],
    });
  });
});
