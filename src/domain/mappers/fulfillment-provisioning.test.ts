import { describe, expect, it } from 'vitest';

import {
  fromFulfillmentLicense,
  fromNamespacePlan,
  toProvisioning,
} from './fulfillment-provisioning.js';
import { acmeSubscription, without } from './samples.test-support.js';

describe('toProvisioning', () => {
  it('issues a self-managed subscription as a license that expires the day after its term', () => {
    expect(toProvisioning(acmeSubscription, { planCode: 'ultimate' })).toStrictEqual({
      kind: 'license',
      create: {
        zuoraSubscriptionName: 'S-00004567',
        planCode: 'ultimate',
        usersCount: 25,
        startsAt: '2026-11-15',
        expiresAt: '2027-11-15',
        instanceId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
      },
    });
  });

  it('provisions a SaaS subscription as a namespace plan, not a license', () => {
    const saas = without(acmeSubscription, 'instanceRef');
    expect(
      toProvisioning({ ...saas, namespaceRef: '81234567' }, { planCode: 'premium' }),
    ).toStrictEqual({
      kind: 'namespace-plan',
      create: {
        namespaceId: '81234567',
        zuoraSubscriptionName: 'S-00004567',
        planCode: 'premium',
        seats: 25,
        startsAt: '2026-11-15',
        endsAt: '2027-11-14',
      },
    });
  });

  it('refuses an evergreen subscription without a term end', () => {
    const evergreen = without(acmeSubscription, 'termEnd');
    expect(() =>
      toProvisioning({ ...evergreen, termType: 'evergreen' }, { planCode: 'premium' }),
    ).toThrow(
      'toProvisioning: expected subscription S-00004567 to have a term end, got an evergreen term; provision it per renewal',
    );
  });
});

describe('fromFulfillmentLicense and fromNamespacePlan', () => {
  it('records a cloud activation as a canonical license joined by its fulfillment ref', () => {
    expect(
      fromFulfillmentLicense({
        licenseId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
        zuoraSubscriptionName: 'S-00004567',
        planCode: 'ultimate',
        usersCount: 25,
        trueupQuantity: 3,
        startsAt: '2026-11-15',
        expiresAt: '2027-11-15',
        trial: false,
        cloudActivationCode: 'Xk29vQp7LmZr4Tb8Nc3Hs6Wd',
        status: 'active',
        createdAt: '2026-11-15T00:05:00Z',
        updatedAt: '2026-11-15T00:05:00Z',
      }),
    ).toStrictEqual({
      subscriptionNumber: 'S-00004567',
      kind: 'cloud-activation',
      planCode: 'ultimate',
      seats: 25,
      trueUpSeats: 3,
      startsAt: '2026-11-15T00:00:00Z',
      expiresAt: '2027-11-15T00:00:00Z',
      trial: false,
      activationCode: 'Xk29vQp7LmZr4Tb8Nc3Hs6Wd',
      status: 'active',
      externalRefs: [
        { system: 'fulfillment', type: 'License', id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e' },
      ],
    });
  });

  it('records a cancelled namespace plan as an expired canonical namespace-plan license', () => {
    expect(
      fromNamespacePlan({
        namespacePlanId: '3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f',
        namespaceId: '81234567',
        zuoraSubscriptionName: 'S-00004567',
        planCode: 'premium',
        seats: 25,
        startsAt: '2026-11-15',
        endsAt: '2026-12-31',
        trial: true,
        status: 'cancelled',
        createdAt: '2026-11-15T00:05:00Z',
        updatedAt: '2026-11-15T00:05:00Z',
      }),
    ).toStrictEqual({
      subscriptionNumber: 'S-00004567',
      kind: 'namespace-plan',
      planCode: 'premium',
      seats: 25,
      startsAt: '2026-11-15T00:00:00Z',
      expiresAt: '2027-01-01T00:00:00Z',
      trial: true,
      namespaceId: '81234567',
      status: 'expired',
      externalRefs: [
        {
          system: 'fulfillment',
          type: 'NamespacePlan',
          id: '3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f',
        },
      ],
    });
  });
});
