import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createFulfillmentV1Client } from '../../../../generated/fulfillment-v1/client.js';
import type { components } from '../../../../generated/fulfillment-v1/types.js';
import { startTestApp, testDialects } from '../../../../test/running-app.js';
import type { RunningApp } from '../../../../test/running-app.js';

type Schemas = components['schemas'];

const license: Schemas['LicenseCreate'] = {
  zuoraSubscriptionName: 'S-00004567',
  planCode: 'ultimate',
  usersCount: 25,
  startsAt: '2026-11-15',
  expiresAt: '2027-11-15',
};

/** Stores a billing subscription in the state the test names, as billing would have it. */
async function seedBillingSubscription(app: RunningApp, number: string, status: string) {
  const now = '2026-11-15T00:00:00.000Z';
  await app.store.records('billing_subscriptions').insert({
    id: number,
    subscriptionNumber: number,
    accountNumber: 'A00012345',
    status,
    termStartDate: '2026-11-15',
    termEndDate: '2027-11-14',
    autoRenew: true,
    ratePlans: [],
    createdAt: now,
    updatedAt: now,
  });
}

describe.each(testDialects())('the fulfillment API on %s', (dialect) => {
  let app: RunningApp;
  let fulfillment: ReturnType<typeof createFulfillmentV1Client>;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    fulfillment = createFulfillmentV1Client(app.url);
    await seedBillingSubscription(app, 'S-00004567', 'Active');
    await seedBillingSubscription(app, 'S-00004568', 'Cancelled');
  });
  afterAll(() => app.close());

  it('creates a portal user and a billing-account link, and lists the links of the user', async () => {
    const user = await fulfillment.POST('/portal-users', {
      body: { email: 'jana.becker@acme-robotics.example', firstName: 'Jana', lastName: 'Becker' },
    });
    expect(user.response.status).toBe(201);
    const link = await fulfillment.POST('/billing-account-links', {
      body: {
        userId: user.data!.userId,
        zuoraAccountId: '8ad09b7d8292b9a20182a4e1d5c7161e',
        zuoraAccountNumber: 'A00012345',
        zuoraAccountName: 'Acme Robotics GmbH',
      },
    });
    expect(link.data).toStrictEqual({
      linkId: link.data!.linkId,
      userId: user.data!.userId,
      zuoraAccountId: '8ad09b7d8292b9a20182a4e1d5c7161e',
      zuoraAccountNumber: 'A00012345',
      zuoraAccountName: 'Acme Robotics GmbH',
      role: 'manager',
      createdAt: link.data!.createdAt,
      updatedAt: link.data!.createdAt,
    });
    const listed = await fulfillment.GET('/billing-account-links', {
      params: { query: { userId: user.data!.userId } },
    });
    expect(listed.data).toStrictEqual({ data: [link.data], page: { limit: 50, nextCursor: null } });
  });

  it('answers 409 conflict to a second portal user with the same e-mail', async () => {
    const body = { email: 'lukas@acme-robotics.example', firstName: 'Lukas', lastName: 'Schmidt' };
    await fulfillment.POST('/portal-users', { body });
    const second = await fulfillment.POST('/portal-users', { body });
    expect(second.response.status).toBe(409);
    expect(second.error?.code).toBe('conflict');
  });

  it('issues a license for an active subscription, active and without true-up', async () => {
    const created = await fulfillment.POST('/licenses', { body: license });
    expect(created.response.status).toBe(201);
    expect(created.data).toStrictEqual({
      ...license,
      licenseId: created.data!.licenseId,
      trueupQuantity: 0,
      trial: false,
      status: 'active',
      createdAt: created.data!.createdAt,
      updatedAt: created.data!.createdAt,
    });
  });

  it.each([
    {
      given: 'a cancelled subscription',
      subscription: 'S-00004568',
      detail: 'expected subscription S-00004568 to be active in billing, but it is Cancelled',
    },
    {
      given: 'an unknown subscription',
      subscription: 'S-00009999',
      detail:
        'expected subscription S-00009999 to exist in billing, but it does not; create and activate it first',
    },
  ])(
    'refuses a license for $given with 422 subscription-inactive',
    async ({ subscription, detail }) => {
      const refused = await fulfillment.POST('/licenses', {
        body: { ...license, zuoraSubscriptionName: subscription },
      });
      expect(refused.response.status).toBe(422);
      expect(refused.error).toStrictEqual({
        type: 'https://junction.dev/errors/subscription-inactive',
        title: 'The subscription is not active in billing',
        status: 422,
        code: 'subscription-inactive',
        detail,
        instance: '/fulfillment/v1/licenses',
        correlationId: refused.response.headers.get('x-correlation-id'),
      });
    },
  );

  it('applies a namespace plan for an active subscription and refuses one for a cancelled subscription', async () => {
    const plan: Schemas['NamespacePlanCreate'] = {
      namespaceId: '81234567',
      zuoraSubscriptionName: 'S-00004567',
      planCode: 'premium',
      seats: 25,
      startsAt: '2026-11-15',
      endsAt: '2027-11-14',
    };
    const created = await fulfillment.POST('/namespace-plans', { body: plan });
    expect(created.data).toStrictEqual({
      ...plan,
      namespacePlanId: created.data!.namespacePlanId,
      trial: false,
      status: 'active',
      createdAt: created.data!.createdAt,
      updatedAt: created.data!.createdAt,
    });
    const refused = await fulfillment.POST('/namespace-plans', {
      body: { ...plan, zuoraSubscriptionName: 'S-00004568' },
    });
    expect(refused.response.status).toBe(422);
    expect(refused.error?.code).toBe('subscription-inactive');
  });

  it('revokes a license with a merge patch', async () => {
    const created = await fulfillment.POST('/licenses', { body: license });
    const patched = await fulfillment.PATCH('/licenses/{licenseId}', {
      params: { path: { licenseId: created.data!.licenseId } },
      body: { status: 'revoked' },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(patched.data).toStrictEqual({
      ...created.data,
      status: 'revoked',
      updatedAt: patched.data!.updatedAt,
    });
  });
});
